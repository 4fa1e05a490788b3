import { useRef, useState, type FormEvent } from 'react';
import { actionPaths } from '../api/api-client';
import { isKeptOffline, sendOrKeep } from '../offline/send-or-keep';
import { focusFirstInvalid, mapFieldErrors } from '../forms/map-field-errors';
import { Alert } from './alert';
import { ApiErrorAlert } from './api-error-alert';
import { TextareaField } from './textarea-field';
import { Button } from './button';
import { texts, useTexts } from '../i18n/language';

interface CancelCrisisFormProps {
  caseId: string;
  crisisId: string;
  /** Only an open crisis can be cancelled. */
  open: boolean;
}

const MIN_REASON = 3;
const MAX_REASON = 500;

const T = texts(
  {
    tooShort: `Bitte einen Grund angeben (mindestens ${MIN_REASON} Zeichen).`,
    sentTitle: 'Abbruch übermittelt',
    sent: 'Der Abbruch wurde angenommen. Der Status oben wird in wenigen Sekunden aktualisiert.',
    keptTitle: 'Abbruch offline erfasst – wartet auf Verbindung',
    kept: 'Der Abbruch ist verschlüsselt auf diesem Gerät vorgemerkt und wird gesendet, sobald die Verbindung zurück ist.',
    failed: 'Nicht abgebrochen',
    retry: 'Bitte erneut versuchen.',
    label: 'Grund für den Abbruch',
    hint: `Pflichtangabe, ${MIN_REASON} bis ${MAX_REASON} Zeichen. Wird in der Zeitleiste des Falls dokumentiert.`,
    notOpen: 'Abbrechen ist möglich, sobald die Krise offen ist.',
    submitting: 'Wird abgebrochen …',
    submit: 'Abbrechen (Fehlalarm)',
  },
  {
    tooShort: `Please give a reason (at least ${MIN_REASON} characters).`,
    sentTitle: 'Cancellation sent',
    sent: 'The cancellation was accepted. The status above updates within a few seconds.',
    keptTitle: 'Cancellation recorded offline – waiting for a connection',
    kept: 'The cancellation is kept encrypted on this device and sent once the connection is back.',
    failed: 'Not cancelled',
    retry: 'Please try again.',
    label: 'Reason for cancelling',
    hint: `Required, ${MIN_REASON} to ${MAX_REASON} characters. Recorded in the case timeline.`,
    notOpen: 'Cancelling is possible as soon as the crisis is open.',
    submitting: 'Cancelling …',
    submit: 'Cancel (false alarm)',
  },
);

/** Cancels a crisis as a false alarm. The reason is required: it goes into the case record. */
export function CancelCrisisForm({ caseId, crisisId, open }: CancelCrisisFormProps) {
  const t = useTexts(T);
  const [reason, setReason] = useState('');
  // What went wrong is kept, not its wording: the messages follow a language switch.
  const [tooShort, setTooShort] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // 'kept': done without a connection, waiting on the device to be sent.
  const [sent, setSent] = useState<false | 'sent' | 'kept'>(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (submitting) return;
    setFailure(null);
    const trimmed = reason.trim();
    if (trimmed.length < MIN_REASON) {
      setTooShort(true);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setTooShort(false);
    setSubmitting(true);
    try {
      const result = await sendOrKeep({
        kind: 'cancel',
        caseId,
        path: `${actionPaths.crisis(caseId, crisisId)}/cancel`,
        body: { reason: trimmed },
      });
      setSent(isKeptOffline(result) ? 'kept' : 'sent');
    } catch (err) {
      const mapped = mapFieldErrors(err, { 'body.reason': 'reason' as const });
      setFailure({ error: err });
      if (mapped.byField.reason) requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSubmitting(false);
    }
  };

  const mapped = failure ? mapFieldErrors(failure.error, { 'body.reason': 'reason' as const }) : null;
  const reasonError = tooShort ? t.tooShort : mapped?.byField.reason;

  if (sent === 'kept') {
    return (
      <Alert tone="info" title={t.keptTitle}>
        <p>{t.kept}</p>
      </Alert>
    );
  }
  if (sent) {
    return (
      <Alert tone="success" title={t.sentTitle}>
        <p>{t.sent}</p>
      </Alert>
    );
  }

  return (
    <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
      {failure && (
        <ApiErrorAlert error={failure.error} title={t.failed} details={mapped?.other ?? []} retryHint={t.retry} />
      )}
      <TextareaField
        id="cancelReason"
        label={t.label}
        hint={t.hint}
        value={reason}
        onChange={setReason}
        error={reasonError}
        maxLength={MAX_REASON}
        rows={3}
        required
        disabled={submitting || !open}
      />
      {!open && <p className="field__hint">{t.notOpen}</p>}
      <div className="form__actions">
        <Button type="submit" variant="danger-outline" isDisabled={submitting || !open}>
          {submitting ? t.submitting : t.submit}
        </Button>
      </div>
    </form>
  );
}
