import type { CrisisSituationView, CrisisTaskView, CrisisView } from '@hilfenetz/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../api/api-client';
import { ApiError, isPermanent } from '../api/api-error';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { CancelCrisisForm } from '../components/cancel-crisis-form';
import { useNow } from '../hooks/use-now';
import { usePageTitle } from '../hooks/use-page-title';
import { crisisStatusLabel, FINAL_PHASES } from '../i18n/crisis-terms.de';
import { formatCountdown, formatDateTime, formatTime, formatTimeIso } from '../i18n/date-format.de';
import { admissionLabel, followUpLabel, PARTY_ORDER, partyLabel } from '../i18n/parties.de';
import { roleLabel } from '../i18n/roles.de';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';

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

const STATE_LABEL: Record<PartyState, string> = {
  acknowledged: 'Bestätigt',
  unreachable: 'Nicht erreichbar (dokumentiert)',
  supervisor: 'Fachaufsicht alarmiert',
  escalated: 'Eskaliert / weitergeleitet',
  notified: 'Wartet auf Bestätigung',
  closed: 'Nicht bestätigt – Krise beendet',
};

const sortTasks = (tasks: CrisisTaskView[]) =>
  [...tasks].sort((a, b) => PARTY_ORDER.indexOf(a.party) - PARTY_ORDER.indexOf(b.party));

/** One crisis: the live board of its parties and the false-alarm cancellation. */
export function CrisisPage({ caseId, crisisId, outcome }: CrisisPageProps) {
  usePageTitle(`Krise – Fall ${caseId}`);
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

  return (
    <>
      <h1 tabIndex={-1}>
        Krise im Fall <span className="case-ref">{caseId}</span>
      </h1>

      {outcome === 'neu' && (status === null || status === 'triggering' || status === 'open') && (
        <Alert tone="success" title="Krise ausgelöst">
          <p>Alle Beteiligten werden jetzt gleichzeitig benachrichtigt. Diese Übersicht aktualisiert sich selbst.</p>
        </Alert>
      )}
      {outcome === 'bereits' && (
        <Alert tone="info" title="Bereits ausgelöst">
          <p>Diese Krise war schon ausgelöst. Es wurde keine zweite angelegt.</p>
        </Alert>
      )}
      {notFound && (
        <Alert tone="error" title="Krise nicht gefunden">
          <p>Zu diesem Fall gibt es keine Krise mit dieser Kennung. Bitte den Link prüfen.</p>
        </Alert>
      )}
      {error !== null && !notFound && (
        <ApiErrorAlert
          error={error}
          title="Stand nicht abrufbar"
          retryHint="Die Anzeige versucht es automatisch weiter."
        />
      )}

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Stand</h2>
        <dl className="facts">
          <div className="facts__row">
            <dt>Status</dt>
            <dd>
              <span className={`status status--${status ?? 'unknown'}`}>
                {status ? crisisStatusLabel(status) : notFound ? 'Unbekannt' : 'Wird geladen …'}
              </span>
            </dd>
          </div>
          {data && data.tasks.length > 0 && (
            <div className="facts__row">
              <dt>Bestätigt</dt>
              <dd>
                {/* Announced when it changes: the caseworker may be on the phone, not looking. */}
                <span role="status" aria-live="polite">
                  {acknowledged} von {tasks.length} Beteiligten
                </span>
              </dd>
            </div>
          )}
          {data?.triggeredAt && (
            <div className="facts__row">
              <dt>Ausgelöst</dt>
              <dd>{formatDateTime(data.triggeredAt)} Uhr</dd>
            </div>
          )}
          {data && <SituationRows situation={data.situation} />}
          {data?.admission && (
            <div className="facts__row">
              <dt>Aufnahme</dt>
              <dd>
                {admissionLabel(data.admission.decision)}
                {data.admission.followUp && <> · {followUpLabel(data.admission.followUp)}</>},{' '}
                {formatTimeIso(data.admission.decidedAt)} Uhr
              </dd>
            </div>
          )}
          {data?.plannedDischarge && (
            <div className="facts__row">
              <dt>Entlassung geplant</dt>
              <dd>{formatDateTime(data.plannedDischarge)} Uhr</dd>
            </div>
          )}
          {data?.ambulance && (
            <div className="facts__row">
              <dt>Rettungsdienst</dt>
              <dd>
                Einsatz {data.ambulance.dispatchReference}
                {data.ambulance.expectedArrivalAt &&
                  ` · Ankunft ca. ${formatTimeIso(data.ambulance.expectedArrivalAt)} Uhr`}
              </dd>
            </div>
          )}
          <div className="facts__row">
            <dt>Aktualisiert</dt>
            <dd>{crisis.dataUpdatedAt ? `${formatTime(new Date(crisis.dataUpdatedAt))} Uhr` : '–'}</dd>
          </div>
        </dl>
      </section>

      {data && <PartyBoard crisis={data} tasks={tasks} now={now} />}

      {status !== null && !FINAL_PHASES.has(status) && status !== 'admitted' && (
        <section className="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">Fehlalarm?</h2>
          <p>Wurde die Krise irrtümlich ausgelöst, brechen Sie sie hier mit Begründung ab.</p>
          <CancelCrisisForm caseId={caseId} crisisId={crisisId} open={status === 'open'} />
        </section>
      )}

      <ul className="link-list">
        {status === 'discharged' && (
          <li>
            <Link to={paths.hilfeplanung(caseId)}>Zur Hilfeplanung des Falls</Link>
          </li>
        )}
        <li>
          <Link to={paths.timeline(caseId)}>Zeitleiste des Falls anzeigen</Link>
        </li>
        <li>
          <Link to={paths.trigger()}>Weitere Krise auslösen</Link>
        </li>
      </ul>
    </>
  );
}

/** Where the young person is and the caseworker's note, as the API opened them for this reader. */
function SituationRows({ situation }: { situation: CrisisSituationView | null | undefined }) {
  if (!situation) return null;
  if (situation.status === 'erased') {
    return (
      <div className="facts__row">
        <dt>Ort und Notiz</dt>
        <dd>
          <span className="badge">gelöscht</span> am {formatDateTime(situation.erasedAt)} Uhr (personenbezogene Daten
          gelöscht)
        </dd>
      </div>
    );
  }
  if (situation.status !== 'available') return null;
  return (
    <>
      <div className="facts__row">
        <dt>Ort</dt>
        <dd className="situation__location">{situation.location ?? '–'}</dd>
      </div>
      {situation.note && (
        <div className="facts__row">
          <dt>Notiz</dt>
          <dd className="situation__note">{situation.note}</dd>
        </div>
      )}
    </>
  );
}

function PartyBoard({ crisis, tasks, now }: { crisis: CrisisView; tasks: CrisisTaskView[]; now: number }) {
  const running = !FINAL_PHASES.has(crisis.status);
  return (
    <section aria-labelledby="board-heading">
      <h2 id="board-heading">Beteiligte</h2>
      {tasks.length === 0 ? (
        <p className="empty" role="status">
          Die Beteiligten werden benachrichtigt …
        </p>
      ) : (
        <ul className="board">
          {tasks.map((t) => {
            const state = partyState(t, running);
            const due = t.nextEscalationDue ? Date.parse(t.nextEscalationDue) : null;
            return (
              <li key={t.taskId} className={`board__party board__party--${state}`} data-party={t.party}>
                <h3 className="board__name">{partyLabel(t.party)}</h3>
                <p className={`board__state badge badge--${state}`}>{STATE_LABEL[state]}</p>
                <dl className="facts facts--compact">
                  <div className="facts__row">
                    <dt>Zuständig</dt>
                    <dd>{t.organisationId}</dd>
                  </div>
                  {t.acknowledgedAt && (
                    <div className="facts__row">
                      <dt>Bestätigt</dt>
                      <dd>
                        {formatTimeIso(t.acknowledgedAt)} Uhr
                        {t.acknowledgedBy && (
                          <>
                            {' '}
                            durch {roleLabel(t.acknowledgedBy.role)} ({t.acknowledgedBy.id})
                          </>
                        )}
                      </dd>
                    </div>
                  )}
                  {t.escalations > 0 && (
                    <div className="facts__row">
                      <dt>Eskalationen</dt>
                      <dd>{t.escalations}</dd>
                    </div>
                  )}
                </dl>
                {running && due !== null && (
                  <p className={`board__countdown${due < now ? ' overdue' : ''}`}>
                    {due >= now ? (
                      <>
                        Eskalation in <strong>{formatCountdown(due, now).replace(/^noch /, '')}</strong>
                      </>
                    ) : (
                      <>Frist überschritten – Eskalation läuft</>
                    )}{' '}
                    <span className="muted">({formatTimeIso(t.nextEscalationDue ?? '')} Uhr)</span>
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
