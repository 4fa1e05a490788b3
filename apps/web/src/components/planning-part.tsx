import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { formatDateTime } from '../i18n/date-format.de';
import { Alert } from './alert';
import { ApiErrorAlert } from './api-error-alert';
import { TextareaField } from './textarea-field';
import { Button } from './button';

const STATEMENT_STATUS: Record<string, string> = {
  requested: 'angefordert',
  reminded: 'angefordert – Erinnerung verschickt',
  escalated: 'überfällig – an die Fachaufsicht gemeldet',
  submitted: 'eingereicht',
};

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
  const queryClient = useQueryClient();
  const planning = useQuery({
    queryKey: ['hilfeplanung', caseId],
    queryFn: ({ signal }) => apiClient.getHilfeplanung(caseId, signal),
    refetchInterval: 5_000,
    retry: false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['hilfeplanung', caseId] });
  const answer = useMutation({
    mutationFn: (a: 'confirmed' | 'declined') => apiClient.answerInvitation(caseId, { party, answer: a }),
    onSuccess: refresh,
  });
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | undefined>();
  const statement = useMutation({
    mutationFn: (t: string) => apiClient.submitStatement(caseId, t),
    onSuccess: refresh,
  });

  const p = planning.data;
  if (planning.error instanceof ApiError && planning.error.kind === 'not_found') {
    return <p className="muted">Die Hilfeplanung beginnt, sobald die Entlassung angekündigt ist.</p>;
  }
  if (!p) return planning.error ? <ApiErrorAlert error={planning.error} title="Hilfeplanung nicht abrufbar" /> : null;

  const invitation = p.invitations.find((i) => i.party === party);
  const myStatement = p.statements.find((s) => s.party === party);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setTextError('Bitte die Stellungnahme eingeben.');
      document.getElementById(`${idPrefix}-statement`)?.focus();
      return;
    }
    setTextError(undefined);
    statement.mutate(text.trim());
  };

  return (
    <div className="planning">
      <h4>Hilfeplanung</h4>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>Hilfeplangespräch</dt>
          <dd>
            {p.meetingAt
              ? `${formatDateTime(p.meetingAt)} Uhr`
              : `noch nicht terminiert${p.meetingToBeScheduledBy ? ` (bis ${formatDateTime(p.meetingToBeScheduledBy)} Uhr)` : ''}`}
          </dd>
        </div>
        {myStatement && (
          <div className="facts__row">
            <dt>Stellungnahme</dt>
            <dd>
              {STATEMENT_STATUS[myStatement.status] ?? myStatement.status}
              {myStatement.status !== 'submitted' && `, fällig ${formatDateTime(myStatement.dueAt)} Uhr`}
            </dd>
          </div>
        )}
        {invitation && p.meetingAt && (
          <div className="facts__row">
            <dt>Teilnahme</dt>
            <dd>
              {invitation.answer === 'confirmed' ? 'zugesagt' : invitation.answer === 'declined' ? 'abgesagt' : 'offen'}
            </dd>
          </div>
        )}
      </dl>

      {invitation && p.meetingAt && invitation.answer === 'pending' && (
        <div className="form__actions">
          {answer.error !== null && <ApiErrorAlert error={answer.error} title="Antwort nicht gespeichert" />}
          <Button variant="primary" isDisabled={answer.isPending} onPress={() => answer.mutate('confirmed')}>
            Teilnahme zusagen
          </Button>
          <Button variant="secondary" isDisabled={answer.isPending} onPress={() => answer.mutate('declined')}>
            Absagen
          </Button>
        </div>
      )}

      {myStatement && myStatement.status !== 'submitted' && (
        <form className="form" onSubmit={submit} noValidate>
          {statement.error !== null && !textError && (
            <ApiErrorAlert error={statement.error} title="Stellungnahme nicht eingereicht" />
          )}
          <TextareaField
            id={`${idPrefix}-statement`}
            label="Stellungnahme"
            hint="Wird verschlüsselt gespeichert und nur den Berechtigten gezeigt."
            value={text}
            onChange={setText}
            error={textError}
            rows={4}
            maxLength={20_000}
            required
          />
          <div className="form__actions">
            <Button type="submit" variant="primary" isDisabled={statement.isPending}>
              {statement.isPending ? 'Wird eingereicht …' : 'Stellungnahme einreichen'}
            </Button>
          </div>
        </form>
      )}
      {statement.isSuccess && (
        <Alert tone="success">
          <p>Stellungnahme eingereicht.</p>
        </Alert>
      )}
    </div>
  );
}
