import { apiClient } from '../api/api-client';
import { ApiError, isPermanent } from '../api/api-error';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { CancelCrisisForm } from '../components/cancel-crisis-form';
import { usePageTitle } from '../hooks/use-page-title';
import { usePolling } from '../hooks/use-polling';
import { crisisStatusLabel } from '../i18n/crisis-terms.de';
import { formatTime } from '../i18n/date-format.de';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';

const POLL_MS = 2_000;

interface CrisisPageProps {
  caseId: string;
  crisisId: string;
  /** `neu` right after triggering, `bereits` when the trigger repeated an earlier one. */
  outcome: string | null;
}

/** One crisis: its live status and the false-alarm cancellation. */
export function CrisisPage({ caseId, crisisId, outcome }: CrisisPageProps) {
  usePageTitle(`Krise – Fall ${caseId}`);
  const { data, error, updatedAt } = usePolling(
    `${caseId}/${crisisId}`,
    (signal) => apiClient.getCrisisStatus(caseId, crisisId, signal),
    // A cancelled crisis does not change any more.
    { intervalMs: POLL_MS, stopWhen: (s) => s.status === 'cancelled', stopOnError: isPermanent },
  );
  const status = data?.status ?? null;
  // A malformed id in the URL (400) is as unknown as a well-formed one nobody triggered (404).
  const notFound = error instanceof ApiError && (error.kind === 'not_found' || error.kind === 'invalid');

  return (
    <>
      <h1 tabIndex={-1}>
        Krise im Fall <span className="case-ref">{caseId}</span>
      </h1>

      {outcome === 'neu' && status !== 'cancelled' && (
        <Alert tone="success" title="Krise ausgelöst">
          <p>Die Krise wurde ausgelöst und im Fall dokumentiert.</p>
        </Alert>
      )}
      {outcome === 'bereits' && (
        <Alert tone="info" title="Bereits ausgelöst">
          <p>Diese Krise war schon ausgelöst. Es wurde keine zweite angelegt.</p>
        </Alert>
      )}

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Status</h2>
        {notFound && (
          <Alert tone="error" title="Krise nicht gefunden">
            <p>Zu diesem Fall gibt es keine Krise mit dieser Kennung. Bitte den Link prüfen.</p>
          </Alert>
        )}
        {error !== null && !notFound && (
          <ApiErrorAlert
            error={error}
            title="Status nicht abrufbar"
            retryHint="Die Anzeige versucht es automatisch weiter."
          />
        )}
        <dl className="facts">
          <div className="facts__row">
            <dt>Status</dt>
            <dd>
              <span className={`status status--${status ?? 'unknown'}`} role="status" aria-live="polite">
                {status ? crisisStatusLabel(status) : notFound ? 'Unbekannt' : 'Wird geladen …'}
              </span>
            </dd>
          </div>
          <div className="facts__row">
            <dt>Krisen-Kennung</dt>
            <dd>
              <code className="id">{crisisId}</code>
            </dd>
          </div>
          <div className="facts__row">
            <dt>Aktualisiert</dt>
            <dd>{updatedAt ? `${formatTime(updatedAt)} Uhr` : '–'}</dd>
          </div>
        </dl>
      </section>

      {status !== 'cancelled' && !notFound && (
        <section className="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">Fehlalarm?</h2>
          <p>Wurde die Krise irrtümlich ausgelöst, brechen Sie sie hier mit Begründung ab.</p>
          <CancelCrisisForm caseId={caseId} crisisId={crisisId} open={status === 'open'} />
        </section>
      )}

      <ul className="link-list">
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
