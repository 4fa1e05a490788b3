import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { actionPaths, apiClient } from '../api/api-client';
import { KeptOfflineAlert } from '../offline/kept-offline-alert';
import { isKeptOffline, sendOrKeep } from '../offline/send-or-keep';
import { ApiError } from '../api/api-error';
import { formatDateTime, uhr } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { Alert } from './alert';
import { ApiErrorAlert } from './api-error-alert';
import { TextareaField } from './textarea-field';
import { Button } from './button';

const T = texts(
  {
    status: {
      requested: 'angefordert',
      reminded: 'angefordert – Erinnerung verschickt',
      escalated: 'überfällig – an die Fachaufsicht gemeldet',
      submitted: 'eingereicht',
    } as Record<string, string>,
    notStarted: 'Die Hilfeplanung beginnt, sobald die Entlassung angekündigt ist.',
    unavailable: 'Hilfeplanung nicht abrufbar',
    missing: 'Bitte die Stellungnahme eingeben.',
    heading: 'Hilfeplanung',
    meeting: 'Hilfeplangespräch',
    notScheduled: 'noch nicht terminiert',
    until: (when: string) => ` (bis ${when} Uhr)`,
    statement: 'Stellungnahme',
    due: (when: string) => `, fällig ${when} Uhr`,
    attendance: 'Teilnahme',
    confirmed: 'zugesagt',
    declined: 'abgesagt',
    open: 'offen',
    answerFailed: 'Antwort nicht gespeichert',
    confirm: 'Teilnahme zusagen',
    decline: 'Absagen',
    statementFailed: 'Stellungnahme nicht eingereicht',
    hint: 'Wird verschlüsselt gespeichert und nur den Berechtigten gezeigt.',
    submitting: 'Wird eingereicht …',
    submit: 'Stellungnahme einreichen',
    submitted: 'Stellungnahme eingereicht.',
  },
  {
    status: {
      requested: 'requested',
      reminded: 'requested – reminder sent',
      escalated: 'overdue – reported to the supervisor',
      submitted: 'submitted',
    },
    notStarted: 'The help planning begins as soon as the discharge is announced.',
    unavailable: 'Help planning not available',
    missing: 'Please enter the statement.',
    heading: 'Help planning',
    meeting: 'Help planning meeting',
    notScheduled: 'not scheduled yet',
    until: (when: string) => ` (by ${when})`,
    statement: 'Statement',
    due: (when: string) => `, due ${when}`,
    attendance: 'Attendance',
    confirmed: 'accepted',
    declined: 'declined',
    open: 'open',
    answerFailed: 'Answer not saved',
    confirm: 'Accept invitation',
    decline: 'Decline',
    statementFailed: 'Statement not submitted',
    hint: 'Stored encrypted and shown only to those entitled.',
    submitting: 'Submitting …',
    submit: 'Submit statement',
    submitted: 'Statement submitted.',
  },
);

/**
 * The clinic's or provider's part in the Hilfeplanung after a crisis: confirm the meeting,
 * submit the statement. Shown once the planning has started (the API answers 404 before).
 */
export function PlanningPart({
  caseId,
  party,
  idPrefix,
}: {
  caseId: string;
  party: 'clinic' | 'provider';
  idPrefix: string;
}) {
  const t = useTexts(T);
  const queryClient = useQueryClient();
  const planning = useQuery({
    queryKey: ['hilfeplanung', caseId],
    queryFn: ({ signal }) => apiClient.getHilfeplanung(caseId, signal),
    refetchInterval: 5_000,
    retry: false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['hilfeplanung', caseId] });
  const answer = useMutation({
    // Runs offline too: sendOrKeep keeps the answer on the device (TanStack Query would pause it).
    networkMode: 'always',
    mutationFn: (a: 'confirmed' | 'declined') =>
      sendOrKeep({
        kind: 'invitation_answer',
        caseId,
        path: `${actionPaths.hilfeplanung(caseId)}/invitations`,
        body: { party, answer: a },
      }),
    onSuccess: (result) => (isKeptOffline(result) ? undefined : refresh()),
  });
  const answerKept = answer.isSuccess && isKeptOffline(answer.data);
  const [text, setText] = useState('');
  const [textMissing, setTextMissing] = useState(false);
  const statement = useMutation({
    mutationFn: (t: string) => apiClient.submitStatement(caseId, t),
    onSuccess: refresh,
  });

  const p = planning.data;
  if (planning.error instanceof ApiError && planning.error.kind === 'not_found') {
    return <p className="muted">{t.notStarted}</p>;
  }
  if (!p) return planning.error ? <ApiErrorAlert error={planning.error} title={t.unavailable} /> : null;

  const invitation = p.invitations.find((i) => i.party === party);
  const myStatement = p.statements.find((s) => s.party === party);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setTextMissing(true);
      document.getElementById(`${idPrefix}-statement`)?.focus();
      return;
    }
    setTextMissing(false);
    statement.mutate(text.trim());
  };

  return (
    <div className="planning">
      <h4>{t.heading}</h4>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>{t.meeting}</dt>
          <dd>
            {p.meetingAt
              ? `${formatDateTime(p.meetingAt)}${uhr()}`
              : `${t.notScheduled}${p.meetingToBeScheduledBy ? t.until(formatDateTime(p.meetingToBeScheduledBy)) : ''}`}
          </dd>
        </div>
        {myStatement && (
          <div className="facts__row">
            <dt>{t.statement}</dt>
            <dd>
              {t.status[myStatement.status] ?? myStatement.status}
              {myStatement.status !== 'submitted' && t.due(formatDateTime(myStatement.dueAt))}
            </dd>
          </div>
        )}
        {invitation && p.meetingAt && (
          <div className="facts__row">
            <dt>{t.attendance}</dt>
            <dd>
              {invitation.answer === 'confirmed' ? t.confirmed : invitation.answer === 'declined' ? t.declined : t.open}
            </dd>
          </div>
        )}
      </dl>

      {answerKept && <KeptOfflineAlert />}
      {invitation && p.meetingAt && invitation.answer === 'pending' && !answerKept && (
        <div className="form__actions">
          {answer.error !== null && <ApiErrorAlert error={answer.error} title={t.answerFailed} />}
          <Button variant="primary" isDisabled={answer.isPending} onPress={() => answer.mutate('confirmed')}>
            {t.confirm}
          </Button>
          <Button variant="secondary" isDisabled={answer.isPending} onPress={() => answer.mutate('declined')}>
            {t.decline}
          </Button>
        </div>
      )}

      {myStatement && myStatement.status !== 'submitted' && (
        <form className="form" onSubmit={submit} noValidate>
          {statement.error !== null && !textMissing && (
            <ApiErrorAlert error={statement.error} title={t.statementFailed} />
          )}
          <TextareaField
            id={`${idPrefix}-statement`}
            label={t.statement}
            hint={t.hint}
            value={text}
            onChange={setText}
            error={textMissing ? t.missing : undefined}
            rows={4}
            maxLength={20_000}
            required
          />
          <div className="form__actions">
            <Button type="submit" variant="primary" isDisabled={statement.isPending}>
              {statement.isPending ? t.submitting : t.submit}
            </Button>
          </div>
        </form>
      )}
      {statement.isSuccess && (
        <Alert tone="success">
          <p>{t.submitted}</p>
        </Alert>
      )}
    </div>
  );
}
