import type { CrisisBoardView, CrisisSituationView, CrisisTaskView } from '@hilfenetz/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../api/api-client';
import { ApiError, isPermanent } from '../api/api-error';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { CancelCrisisForm } from '../components/cancel-crisis-form';
import { useNow } from '../hooks/use-now';
import { usePageTitle } from '../hooks/use-page-title';
import { crisisStatusLabel, FINAL_PHASES } from '../i18n/crisis-terms';
import {
  formatClockIso,
  formatCountdownParts,
  formatDateTime,
  formatTime,
  formatTimeIso,
  uhr,
} from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { admissionLabel, followUpLabel, PARTY_ORDER, partyLabel } from '../i18n/parties';
import { roleLabel } from '../i18n/roles';
import { canReadTimeline, canRegisterCase } from '../auth/permissions';
import { useSession } from '../auth/use-session';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { CaseRef, caseReference } from '../components/case-ref';

const POLL_MS = 2_000;

interface CrisisPageProps {
  caseId: string;
  crisisId: string;
  /** `neu` right after triggering, `bereits` when the trigger repeated an earlier one. */
  outcome: string | null;
}

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
    title: (caseId: string) => `Krise – Fall ${caseId}`,
    heading: 'Krise im Fall',
    triggered: 'Krise ausgelöst',
    triggeredText:
      'Alle Beteiligten werden jetzt gleichzeitig benachrichtigt. Diese Übersicht aktualisiert sich selbst.',
    already: 'Bereits ausgelöst',
    alreadyText: 'Diese Krise war schon ausgelöst. Es wurde keine zweite angelegt.',
    notFound: 'Krise nicht gefunden',
    notFoundText: 'Zu diesem Fall gibt es keine Krise mit dieser Kennung. Bitte den Link prüfen.',
    unavailable: 'Stand nicht abrufbar',
    retrying: 'Die Anzeige versucht es automatisch weiter.',
    state: 'Stand',
    status: 'Status',
    unknown: 'Unbekannt',
    loading: 'Wird geladen …',
    acknowledged: 'Bestätigt',
    ofParties: (done: number, all: number) => `${done} von ${all} Beteiligten`,
    triggeredAt: 'Ausgelöst',
    admission: 'Aufnahme',
    plannedDischarge: 'Entlassung geplant',
    ambulance: 'Rettungsdienst',
    dispatch: (reference: string) => `Einsatz ${reference}`,
    arrival: (time: string) => ` · Ankunft ca. ${time} Uhr`,
    updated: 'Aktualisiert',
    falseAlarm: 'Fehlalarm?',
    falseAlarmText: 'Wurde die Krise irrtümlich ausgelöst, brechen Sie sie hier mit Begründung ab.',
    planningLink: 'Zur Hilfeplanung des Falls',
    timelineLink: 'Zeitleiste des Falls anzeigen',
    lagebildLink: 'Lagebild anzeigen',
    caseLink: 'Fall und Sorgeberechtigte anzeigen',
    triggerLink: 'Weitere Krise auslösen',
    locationAndNote: 'Ort und Notiz',
    erased: 'gelöscht',
    erasedAt: (when: string) => ` am ${when} Uhr (personenbezogene Daten gelöscht)`,
    location: 'Ort',
    note: 'Notiz',
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
    title: (caseId: string) => `Crisis – case ${caseId}`,
    heading: 'Crisis in case',
    triggered: 'Crisis triggered',
    triggeredText: 'All parties are now being notified at the same time. This overview updates by itself.',
    already: 'Already triggered',
    alreadyText: 'This crisis had already been triggered. No second one was created.',
    notFound: 'Crisis not found',
    notFoundText: 'There is no crisis with this ID for this case. Please check the link.',
    unavailable: 'State not available',
    retrying: 'The page keeps trying automatically.',
    state: 'State',
    status: 'Status',
    unknown: 'Unknown',
    loading: 'Loading …',
    acknowledged: 'Acknowledged',
    ofParties: (done: number, all: number) => `${done} of ${all} parties`,
    triggeredAt: 'Triggered',
    admission: 'Admission',
    plannedDischarge: 'Discharge planned',
    ambulance: 'Ambulance',
    dispatch: (reference: string) => `Dispatch ${reference}`,
    arrival: (time: string) => ` · Arrival approx. ${time}`,
    updated: 'Updated',
    falseAlarm: 'False alarm?',
    falseAlarmText: 'If the crisis was triggered by mistake, cancel it here with a reason.',
    planningLink: 'Go to the help planning of the case',
    timelineLink: 'Show the case timeline',
    lagebildLink: 'Show the situation report',
    caseLink: 'Show the case and its legal guardians',
    triggerLink: 'Trigger another crisis',
    locationAndNote: 'Location and note',
    erased: 'erased',
    erasedAt: (when: string) => ` on ${when} (personal data erased)`,
    location: 'Location',
    note: 'Note',
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

/** One crisis: the live board of its parties and the false-alarm cancellation. */
export function CrisisPage({ caseId, crisisId, outcome }: CrisisPageProps) {
  const t = useTexts(T);
  usePageTitle(t.title(caseReference(caseId)));
  const now = useNow();
  const crisis = useQuery({
    queryKey: ['crisis', caseId, crisisId],
    queryFn: ({ signal }) => apiClient.getCrisis(caseId, crisisId, signal),
    refetchInterval: (q) => {
      const d = q.state.data;
      if (d && FINAL_PHASES.has(d.status)) return false;
      if (q.state.error && isPermanent(q.state.error)) return false;
      return POLL_MS;
    },
    retry: (n, err) => !isPermanent(err) && !(err instanceof ApiError && err.kind === 'not_found') && n < 2,
  });
  const data = crisis.data;
  const error = crisis.error;
  const status = data?.status ?? null;
  // A malformed id in the URL (400) is as unknown as a well-formed one nobody triggered (404).
  const notFound = error instanceof ApiError && (error.kind === 'not_found' || error.kind === 'invalid');
  const tasks = data ? sortTasks(data.tasks) : [];
  const acknowledged = tasks.filter((t) => t.status === 'acknowledged').length;
  const mayReadCase = canRegisterCase(useSession()?.claims.roles ?? []);
  // The lead office reads the Lagebild (a Träger's staff see the board, not the report).
  const mayReadLagebild = canReadTimeline(useSession()?.claims.roles ?? []);

  return (
    <>
      <h1 tabIndex={-1}>
        {t.heading} <CaseRef caseId={caseId} />
      </h1>

      {outcome === 'neu' && (status === null || status === 'triggering' || status === 'open') && (
        <Alert tone="success" title={t.triggered}>
          <p>{t.triggeredText}</p>
        </Alert>
      )}
      {outcome === 'bereits' && (
        <Alert tone="info" title={t.already}>
          <p>{t.alreadyText}</p>
        </Alert>
      )}
      {notFound && (
        <Alert tone="error" title={t.notFound}>
          <p>{t.notFoundText}</p>
        </Alert>
      )}
      {error !== null && !notFound && <ApiErrorAlert error={error} title={t.unavailable} retryHint={t.retrying} />}

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">{t.state}</h2>
        <dl className="facts">
          <div className="facts__row">
            <dt>{t.status}</dt>
            <dd>
              <span className={`status status--${status ?? 'unknown'}`}>
                {status ? crisisStatusLabel(status) : notFound ? t.unknown : t.loading}
              </span>
            </dd>
          </div>
          {data && data.tasks.length > 0 && (
            <div className="facts__row">
              <dt>{t.acknowledged}</dt>
              <dd>
                {/* Announced when it changes: the caseworker may be on the phone, not looking. */}
                <span role="status" aria-live="polite">
                  {t.ofParties(acknowledged, tasks.length)}
                </span>
              </dd>
            </div>
          )}
          {data?.triggeredAt && (
            <div className="facts__row">
              <dt>{t.triggeredAt}</dt>
              <dd>
                {formatDateTime(data.triggeredAt)}
                {uhr()}
              </dd>
            </div>
          )}
          {data && <SituationRows situation={data.situation} />}
          {data?.admission && (
            <div className="facts__row">
              <dt>{t.admission}</dt>
              <dd>
                {admissionLabel(data.admission.decision)}
                {data.admission.followUp && <> · {followUpLabel(data.admission.followUp)}</>},{' '}
                {formatTimeIso(data.admission.decidedAt)}
                {uhr()}
              </dd>
            </div>
          )}
          {data?.plannedDischarge && (
            <div className="facts__row">
              <dt>{t.plannedDischarge}</dt>
              <dd>
                {formatDateTime(data.plannedDischarge)}
                {uhr()}
              </dd>
            </div>
          )}
          {data?.ambulance && (
            <div className="facts__row">
              <dt>{t.ambulance}</dt>
              <dd>
                {t.dispatch(data.ambulance.dispatchReference)}
                {data.ambulance.expectedArrivalAt && t.arrival(formatClockIso(data.ambulance.expectedArrivalAt))}
              </dd>
            </div>
          )}
          <div className="facts__row">
            <dt>{t.updated}</dt>
            <dd>{crisis.dataUpdatedAt ? `${formatTime(new Date(crisis.dataUpdatedAt))}${uhr()}` : '–'}</dd>
          </div>
        </dl>
      </section>

      {data && <PartyBoard crisis={data} tasks={tasks} now={now} />}

      {status !== null && !FINAL_PHASES.has(status) && status !== 'admitted' && (
        <section className="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t.falseAlarm}</h2>
          <p>{t.falseAlarmText}</p>
          <CancelCrisisForm caseId={caseId} crisisId={crisisId} open={status === 'open'} />
        </section>
      )}

      <ul className="link-list">
        {status === 'discharged' && (
          <li>
            <Link to={paths.hilfeplanung(caseId)}>{t.planningLink}</Link>
          </li>
        )}
        {mayReadLagebild && (
          <li>
            <Link to={paths.lagebild(caseId, crisisId)}>{t.lagebildLink}</Link>
          </li>
        )}
        <li>
          <Link to={paths.timeline(caseId)}>{t.timelineLink}</Link>
        </li>
        {mayReadCase && (
          <li>
            <Link to={paths.caseFile(caseId)}>{t.caseLink}</Link>
          </li>
        )}
        <li>
          <Link to={paths.trigger()}>{t.triggerLink}</Link>
        </li>
      </ul>
    </>
  );
}

/** Where the young person is and the caseworker's note, as the API opened them for this reader. */
function SituationRows({ situation }: { situation: CrisisSituationView | null | undefined }) {
  const t = useTexts(T);
  if (!situation) return null;
  if (situation.status === 'erased') {
    return (
      <div className="facts__row">
        <dt>{t.locationAndNote}</dt>
        <dd>
          <span className="badge">{t.erased}</span>
          {t.erasedAt(formatDateTime(situation.erasedAt))}
        </dd>
      </div>
    );
  }
  if (situation.status !== 'available') return null;
  return (
    <>
      <div className="facts__row">
        <dt>{t.location}</dt>
        <dd className="situation__location">{situation.location ?? '–'}</dd>
      </div>
      {situation.note && (
        <div className="facts__row">
          <dt>{t.note}</dt>
          <dd className="situation__note">{situation.note}</dd>
        </div>
      )}
    </>
  );
}

function PartyBoard({ crisis, tasks, now }: { crisis: CrisisBoardView; tasks: CrisisTaskView[]; now: number }) {
  const t = useTexts(T);
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
