import type { HilfeplanungLiveState } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { apiClient } from '../../api/api-client';
import { Button } from '../../components/button';
import { PlanningErrorAlert } from '../../components/planning-error-alert';
import { SelectField } from '../../components/select-field';
import { TextareaField } from '../../components/textarea-field';
import { focusFirstInvalid } from '../../forms/map-field-errors';
import { endReasonOptions, planningFieldErrors, type EndReason } from '../../i18n/hilfeplanung';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    endReasonMissing: 'Bitte den Grund für das Ende der Hilfe wählen.',
    end: 'Hilfe beenden',
    endFailed: 'Hilfe nicht beendet',
    reason: 'Grund',
    choose: 'Bitte wählen',
    note: 'Erläuterung (optional)',
  },
  {
    endReasonMissing: 'Please choose the reason the help ends.',
    end: 'End help',
    endFailed: 'Help not ended',
    reason: 'Reason',
    choose: 'Please choose',
    note: 'Explanation (optional)',
  },
);

/** Ends the help, with the reason and an optional note. */
export function EndHelp({ caseId, onEnded }: { caseId: string; onEnded: (s: HilfeplanungLiveState) => void }) {
  const t = useTexts(T);
  const [reason, setReason] = useState<EndReason | ''>('');
  const [note, setNote] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const end = useMutation({
    mutationFn: (b: { reason: EndReason; note?: string }) => apiClient.endHelp(caseId, b),
    onSuccess: onEnded,
    onError: () => requestAnimationFrame(() => focusFirstInvalid(formRef.current)),
  });
  const apiErrors = planningFieldErrors(end.error);
  const shownReasonError = reasonMissing ? t.endReasonMissing : apiErrors['body.reason'];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setReasonMissing(true);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setReasonMissing(false);
    end.mutate({ reason, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <section className="card" aria-labelledby="end-heading">
      <h2 id="end-heading">{t.end}</h2>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {end.error !== null && !shownReasonError && !apiErrors['body.note'] && (
          <PlanningErrorAlert error={end.error} title={t.endFailed} />
        )}
        <SelectField
          id="endReason"
          label={t.reason}
          placeholder={t.choose}
          options={endReasonOptions()}
          value={reason}
          onChange={setReason}
          error={shownReasonError}
        />
        <TextareaField
          id="endNote"
          label={t.note}
          value={note}
          onChange={setNote}
          error={apiErrors['body.note']}
          rows={2}
          maxLength={500}
        />
        <div className="form__actions">
          <Button type="submit" variant="danger-outline" isDisabled={end.isPending}>
            {t.end}
          </Button>
        </div>
      </form>
    </section>
  );
}
