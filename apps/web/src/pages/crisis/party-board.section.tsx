import type { CrisisBoardView, CrisisTaskView } from '@hilfenetz/contracts';
import { useNow } from '../../hooks/use-now';
import { FINAL_PHASES } from '../../i18n/crisis-terms';
import { formatCountdownParts, formatTimeIso, uhr } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';
import { PARTY_ORDER, partyLabel } from '../../i18n/parties';
import { roleLabel } from '../../i18n/roles';

type PartyState = 'acknowledged' | 'unreachable' | 'supervisor' | 'escalated' | 'notified' | 'closed';

function partyState(t: CrisisTaskView, running: boolean): PartyState {
  if (t.status === 'acknowledged') return 'acknowledged';
  // Once the crisis is over, an unanswered task no longer waits for anything.
  if (!running && t.status === 'open') return 'closed';
  if (t.status === 'unreachable') return 'unreachable';
  if (t.supervisorAlerted) return 'supervisor';
  if (t.escalations > 0) return 'escalated';
  return 'notified';
}

const T = texts(
  {
    states: {
      acknowledged: 'Bestätigt',
      unreachable: 'Nicht erreichbar (dokumentiert)',
      supervisor: 'Fachaufsicht alarmiert',
      escalated: 'Eskaliert / weitergeleitet',
      notified: 'Wartet auf Bestätigung',
      closed: 'Nicht bestätigt – Krise beendet',
    } as Record<PartyState, string>,
    acknowledged: 'Bestätigt',
    parties: 'Beteiligte',
    notifying: 'Die Beteiligten werden benachrichtigt …',
    responsible: 'Zuständig',
    by: (role: string, id: string) => ` durch ${role} (${id})`,
    escalations: 'Eskalationen',
    escalationIn: 'Eskalation in ',
    overdue: 'Frist überschritten – Eskalation läuft',
    reach: 'Erreicht',
    channels: { in_app: 'App', phone: 'SMS', voice: 'Anruf', email: 'E-Mail' } as Record<string, string>,
    trying: (channel: string, since: string) => `wird versucht: ${channel} (seit ${since} Uhr)`,
    delivered: (channel: string, since: string) => `zugestellt per ${channel} (${since} Uhr)`,
    notReached: 'nicht erreicht – Aufgabe geht an den nächsten Kontakt',
    seen: ' · geöffnet',
  },
  {
    states: {
      acknowledged: 'Acknowledged',
      unreachable: 'Unreachable (documented)',
      supervisor: 'Supervisor alerted',
      escalated: 'Escalated / forwarded',
      notified: 'Waiting for acknowledgement',
      closed: 'Not acknowledged – crisis over',
    },
    acknowledged: 'Acknowledged',
    parties: 'Parties',
    notifying: 'The parties are being notified …',
    responsible: 'Responsible',
    by: (role: string, id: string) => ` by ${role} (${id})`,
    escalations: 'Escalations',
    escalationIn: 'Escalation in ',
    overdue: 'Deadline exceeded – escalation under way',
    reach: 'Reached',
    channels: { in_app: 'app', phone: 'SMS', voice: 'call', email: 'e-mail' },
    trying: (channel: string, since: string) => `trying: ${channel} (since ${since})`,
    delivered: (channel: string, since: string) => `delivered by ${channel} (${since})`,
    notReached: 'not reached – the task goes to the next contact',
    seen: ' · opened',
  },
);

const sortTasks = (tasks: CrisisTaskView[]) =>
  [...tasks].sort((a, b) => PARTY_ORDER.indexOf(a.party) - PARTY_ORDER.indexOf(b.party));

/** Every party of the crisis in the protocol's order: its state, who answered, reach, escalation countdown. */
export function PartyBoard({ crisis }: { crisis: CrisisBoardView }) {
  const t = useTexts(T);
  const now = useNow();
  const tasks = sortTasks(crisis.tasks);
  const running = !FINAL_PHASES.has(crisis.status);
  const names = crisis.names ?? { organisations: {}, contacts: {}, people: {} };
  return (
    <section aria-labelledby="board-heading">
      <h2 id="board-heading">{t.parties}</h2>
      {tasks.length === 0 ? (
        <p className="empty" role="status">
          {t.notifying}
        </p>
      ) : (
        <ul className="board">
          {tasks.map((task) => {
            const state = partyState(task, running);
            const due = task.nextEscalationDue ? Date.parse(task.nextEscalationDue) : null;
            return (
              <li key={task.taskId} className={`board__party board__party--${state}`} data-party={task.party}>
                <h3 className="board__name">{partyLabel(task.party)}</h3>
                <p className={`board__state badge badge--${state}`}>{t.states[state]}</p>
                <dl className="facts facts--compact">
                  <div className="facts__row">
                    <dt>{t.responsible}</dt>
                    <dd>
                      <Named name={names.organisations[task.organisationId]} id={task.organisationId} />
                      {names.contacts[task.contactId] && (
                        <>
                          <br />
                          <span className="org">{names.contacts[task.contactId]}</span>
                        </>
                      )}
                    </dd>
                  </div>
                  {task.acknowledgedAt && (
                    <div className="facts__row">
                      <dt>{t.acknowledged}</dt>
                      <dd>
                        {formatTimeIso(task.acknowledgedAt)}
                        {uhr()}
                        {task.acknowledgedBy &&
                          t.by(
                            roleLabel(task.acknowledgedBy.role),
                            names.people[task.acknowledgedBy.id]
                              ? `${names.people[task.acknowledgedBy.id]}, ${task.acknowledgedBy.id}`
                              : task.acknowledgedBy.id,
                          )}
                      </dd>
                    </div>
                  )}
                  {task.delivery && task.status === 'open' && (
                    <div className="facts__row" data-testid="delivery">
                      <dt>{t.reach}</dt>
                      <dd>
                        {task.delivery.state === 'not_reached'
                          ? t.notReached
                          : (task.delivery.state === 'delivered' ? t.delivered : t.trying)(
                              t.channels[task.delivery.channel ?? ''] ?? task.delivery.channel ?? '',
                              formatTimeIso(task.delivery.since),
                            )}
                        {task.delivery.seen && t.seen}
                      </dd>
                    </div>
                  )}
                  {task.escalations > 0 && (
                    <div className="facts__row">
                      <dt>{t.escalations}</dt>
                      <dd>{task.escalations}</dd>
                    </div>
                  )}
                </dl>
                {running && due !== null && (
                  <p className={`board__countdown${due < now ? ' overdue' : ''}`}>
                    {due >= now ? (
                      <>
                        {t.escalationIn}
                        <strong>{formatCountdownParts(due, now).span}</strong>
                      </>
                    ) : (
                      <>{t.overdue}</>
                    )}{' '}
                    <span className="muted">
                      ({formatTimeIso(task.nextEscalationDue ?? '')}
                      {uhr()})
                    </span>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** A display name with its id as the secondary reference; the id alone when no name is known. */
function Named({ name, id }: { name: string | undefined; id: string }) {
  if (!name || name === id) return <>{id}</>;
  return (
    <>
      {name} <span className="org">({id})</span>
    </>
  );
}
