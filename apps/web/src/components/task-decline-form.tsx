import type { DeclineTaskResult, InboxTask } from '@hilfenetz/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { actionPaths } from '../api/api-client';
import { mapFieldErrors } from '../forms/map-field-errors';
import { texts, useTexts } from '../i18n/language';
import { ApiErrorAlert } from './api-error-alert';
import { Button } from './button';
import { RadioGroup } from './radio-group';
import { TextareaField } from './textarea-field';
import { isKeptOffline, sendOrKeep } from '../offline/send-or-keep';

const T = texts(
  {
    actionConflict:
      'Die Krise ist in einem anderen Stand (z. B. abgebrochen oder schon erledigt). Die Liste wird aktualisiert.',
    reasonTooShort: 'Bitte kurz begründen (mindestens 3 Zeichen), damit die nächste Stelle Bescheid weiß.',
    notDeclined: 'Nicht abgelehnt',
    reasonLabel: 'Grund der Ablehnung',
    reasonHint: 'Pflichtangabe, z. B. „Keine Betten frei“. Die Aufgabe geht an die nächste Stelle.',
    categoryLegend: 'Art des Grundes (für den Qualitätsbericht, optional)',
    sending: 'Wird gesendet …',
    sendDecline: 'Ablehnung senden',
    back: 'Zurück',
  },
  {
    actionConflict: 'The crisis is in a different state (e.g. cancelled or already done). The list is being updated.',
    reasonTooShort: 'Please give a short reason (at least 3 characters) so the next contact knows.',
    notDeclined: 'Not declined',
    reasonLabel: 'Reason for declining',
    reasonHint: 'Required, e.g. “No beds available”. The task goes to the next contact.',
    categoryLegend: 'Kind of reason (for the quality report, optional)',
    sending: 'Sending …',
    sendDecline: 'Send decline',
    back: 'Back',
  },
);

interface TaskDeclineFormProps {
  task: InboxTask;
  idPrefix: string;
  /** The agreement's decline reason categories (from the briefing), with their German labels. */
  categories?: readonly { id: string; label: string }[];
  onClose: () => void;
  /** `keptOffline`: done without a connection, kept on the device until it can be sent. */
  onDeclined: (keptOffline: boolean) => void;
}

/** Declines an open task with a reason; the task goes on to the next contact in the chain. */
export function TaskDeclineForm({ task, idPrefix, categories = [], onClose, onDeclined }: TaskDeclineFormProps) {
  const t = useTexts(T);
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [category, setCategory] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const decline = useMutation({
    // Runs offline too: sendOrKeep keeps the action on the device (TanStack Query would pause it).
    networkMode: 'always',
    mutationFn: ({ r, c }: { r: string; c: string }) =>
      sendOrKeep<DeclineTaskResult>({
        kind: 'decline',
        caseId: task.caseId,
        path: `${actionPaths.task(task.caseId, task.crisisId, task.taskId)}/decline`,
        body: { reason: r, ...(c ? { reasonCategory: c } : {}) },
      }),
    onSuccess: async (result) => {
      onDeclined(isKeptOffline(result));
      if (isKeptOffline(result)) return;
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < 3) {
      setTooShort(true);
      document.getElementById(`${idPrefix}-reason`)?.focus();
      return;
    }
    setTooShort(false);
    decline.mutate({ r: trimmed, c: category });
  };
  // Worded while rendering, so a language switch rewords it too.
  const reasonError = tooShort
    ? t.reasonTooShort
    : mapFieldErrors(decline.error, { 'body.reason': 'reason' as const }).byField.reason;
  const categoryError = mapFieldErrors(decline.error, { 'body.reasonCategory': 'category' as const }).byField.category;
  if (decline.isSuccess) return null;
  return (
    <form className="form task__form" onSubmit={submit} noValidate>
      {decline.error && !reasonError && !categoryError && (
        <ApiErrorAlert error={decline.error} title={t.notDeclined} conflictMessage={t.actionConflict} />
      )}
      <TextareaField
        id={`${idPrefix}-reason`}
        label={t.reasonLabel}
        hint={t.reasonHint}
        value={reason}
        onChange={setReason}
        error={reasonError}
        maxLength={500}
        rows={2}
        autoFocus
        required
      />
      {categories.length > 0 && (
        <RadioGroup
          name={`${idPrefix}-reason-category`}
          legend={t.categoryLegend}
          options={categories.map((c) => ({ value: c.id, label: c.label }))}
          value={category}
          onChange={setCategory}
          error={categoryError}
        />
      )}
      <div className="form__actions">
        <Button type="submit" variant="danger-outline" isDisabled={decline.isPending}>
          {decline.isPending ? t.sending : t.sendDecline}
        </Button>
        <Button variant="quiet" onPress={onClose}>
          {t.back}
        </Button>
      </div>
    </form>
  );
}
