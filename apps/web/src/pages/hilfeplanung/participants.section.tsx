import type { HilfeplanungLiveState, PlanningParty } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import { actionPaths } from '../../api/api-client';
import { Button } from '../../components/button';
import { PlanningErrorAlert } from '../../components/planning-error-alert';
import { formatDateTime, uhr } from '../../i18n/date-format';
import {
  ANSWERED_BY_YOUTH_OFFICE,
  invitationAnswerLabel,
  planningPartyLabel,
  statementStatusLabel,
} from '../../i18n/hilfeplanung';
import { texts, useTexts } from '../../i18n/language';
import { isKeptOffline, sendOrKeep } from '../../offline/send-or-keep';

const T = texts(
  {
    invitationsHeading: 'Einladungen und Stellungnahmen',
    answerFailed: 'Antwort nicht gespeichert',
    answerKept: 'Antwort offline erfasst – wartet auf Verbindung. Sie wird gesendet, sobald die Verbindung zurück ist.',
    invitedOnceScheduled: 'Eingeladen wird, sobald das Gespräch terminiert ist.',
    invitationsCaption: 'Einladungen zum Hilfeplangespräch',
    invited: 'Eingeladen',
    answer: 'Antwort',
    recordAnswer: 'Antwort erfassen',
    recordAccept: (party: string) => `Zusage für ${party} erfassen`,
    accept: 'Zusage',
    recordDecline: (party: string) => `Absage für ${party} erfassen`,
    decline: 'Absage',
    answersThemselves: 'antwortet selbst',
    statementsCaption: 'Angeforderte Stellungnahmen',
    statementFrom: 'Stellungnahme von',
    statementState: 'Stand',
    due: 'Fällig',
  },
  {
    invitationsHeading: 'Invitations and statements',
    answerFailed: 'Answer not saved',
    answerKept: 'Answer recorded offline – waiting for a connection. It is sent once the connection is back.',
    invitedOnceScheduled: 'Invitations go out as soon as the meeting is scheduled.',
    invitationsCaption: 'Invitations to the help planning meeting',
    invited: 'Invited',
    answer: 'Answer',
    recordAnswer: 'Record answer',
    recordAccept: (party: string) => `Record acceptance for ${party}`,
    accept: 'Accept',
    recordDecline: (party: string) => `Record refusal for ${party}`,
    decline: 'Refuse',
    answersThemselves: 'answers themselves',
    statementsCaption: 'Requested statements',
    statementFrom: 'Statement from',
    statementState: 'State',
    due: 'Due',
  },
);

/** Who is invited and how they answered (the youth office records answers for those without an account), and the statements asked for. */
export function Participants({
  caseId,
  state,
  mayAct,
  onChanged,
}: {
  caseId: string;
  state: HilfeplanungLiveState;
  mayAct: boolean;
  onChanged: (s: HilfeplanungLiveState) => void;
}) {
  const t = useTexts(T);
  const answer = useMutation({
    // Runs offline too: sendOrKeep keeps the family's answer on the device (docs/adr/0026).
    networkMode: 'always',
    mutationFn: (a: { party: PlanningParty; answer: 'confirmed' | 'declined' }) =>
      sendOrKeep<HilfeplanungLiveState>({
        kind: 'invitation_answer',
        caseId,
        path: `${actionPaths.hilfeplanung(caseId)}/invitations`,
        body: a,
      }),
    onSuccess: (result) => {
      if (!isKeptOffline(result)) onChanged(result);
    },
  });
  const answerKept = answer.isSuccess && isKeptOffline(answer.data);
  const canAnswer = mayAct && state.phase === 'meeting_scheduled';
  return (
    <section className="card" aria-labelledby="participants-heading">
      <h2 id="participants-heading">{t.invitationsHeading}</h2>
      {answer.error !== null && <PlanningErrorAlert error={answer.error} title={t.answerFailed} />}
      {answerKept && (
        <p className="muted" role="status">
          {t.answerKept}
        </p>
      )}
      {state.invitations.length === 0 ? (
        <p className="muted">{t.invitedOnceScheduled}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t.invitationsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.invited}</th>
              <th scope="col">{t.answer}</th>
              {canAnswer && <th scope="col">{t.recordAnswer}</th>}
            </tr>
          </thead>
          <tbody>
            {state.invitations.map((i) => (
              <tr key={i.party} data-party={i.party}>
                <th scope="row">{planningPartyLabel(i.party)}</th>
                <td>
                  <span className={`badge badge--answer-${i.answer}`}>{invitationAnswerLabel(i.answer)}</span>
                </td>
                {canAnswer && (
                  <td>
                    {ANSWERED_BY_YOUTH_OFFICE.includes(i.party) ? (
                      <span className="button-row">
                        <Button
                          variant="secondary"
                          isDisabled={answer.isPending || i.answer === 'confirmed'}
                          onPress={() => answer.mutate({ party: i.party, answer: 'confirmed' })}
                          aria-label={t.recordAccept(planningPartyLabel(i.party))}
                        >
                          {t.accept}
                        </Button>
                        <Button
                          variant="quiet"
                          isDisabled={answer.isPending || i.answer === 'declined'}
                          onPress={() => answer.mutate({ party: i.party, answer: 'declined' })}
                          aria-label={t.recordDecline(planningPartyLabel(i.party))}
                        >
                          {t.decline}
                        </Button>
                      </span>
                    ) : (
                      <span className="muted">{t.answersThemselves}</span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.statements.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t.statementsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.statementFrom}</th>
              <th scope="col">{t.statementState}</th>
              <th scope="col">{t.due}</th>
            </tr>
          </thead>
          <tbody>
            {state.statements.map((s) => (
              <tr key={s.party} data-party={s.party}>
                <th scope="row">{planningPartyLabel(s.party)}</th>
                <td>
                  <span
                    className={`badge${s.status === 'escalated' ? ' badge--alert' : s.status === 'submitted' ? ' badge--acknowledged' : ''}`}
                  >
                    {statementStatusLabel(s.status)}
                  </span>
                </td>
                <td>{s.status === 'submitted' ? '–' : `${formatDateTime(s.dueAt)}${uhr()}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
