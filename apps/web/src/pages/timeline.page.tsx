import { useState, type FormEvent } from 'react';
import { apiClient } from '../api/api-client';
import { ApiError, isPermanent } from '../api/api-error';
import { ApiErrorAlert } from '../components/api-error-alert';
import { TextField } from '../components/text-field';
import { TimelineEntry } from '../components/timeline-entry';
import { mapFieldErrors } from '../forms/map-field-errors';
import { usePageTitle } from '../hooks/use-page-title';
import { usePolling } from '../hooks/use-polling';
import { formatTime } from '../i18n/date-format.de';
import { navigate } from '../routing/navigation';
import { paths } from '../routing/routes';

const POLL_MS = 3_000;

/** A case's timeline, refreshed every few seconds, for the case named in the URL (`?fall=`). */
export function TimelinePage({ caseId }: { caseId: string | null }) {
  usePageTitle(caseId ? `Zeitleiste – Fall ${caseId}` : 'Zeitleiste');
  const [input, setInput] = useState(caseId ?? '');
  const [missing, setMissing] = useState(false);
  const [shownFor, setShownFor] = useState(caseId);
  if (shownFor !== caseId) {
    // The URL changed (back button, link): show its case in the field too.
    setShownFor(caseId);
    setInput(caseId ?? '');
  }

  const { data, error, updatedAt } = usePolling(caseId, (signal) => apiClient.getTimeline(caseId ?? '', signal), {
    intervalMs: POLL_MS,
    stopOnError: isPermanent,
  });
  const caseIdError = missing
    ? 'Bitte die Fall-Referenz angeben.'
    : mapFieldErrors(error, { 'path.caseId': 'caseId' as const }).byField.caseId;
  const invalidInput = error instanceof ApiError && error.kind === 'invalid';

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const wanted = input.trim();
    setMissing(!wanted);
    if (wanted) navigate(paths.timeline(wanted));
  };

  const entries = data?.entries ?? [];
  return (
    <>
      <h1 tabIndex={-1}>Zeitleiste</h1>
      <form className="form form--inline card" onSubmit={submit} noValidate role="search">
        <TextField
          id="timelineCaseId"
          label="Fall-Referenz"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          error={caseIdError}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required
        />
        <button type="submit" className="button button--primary">
          Zeitleiste anzeigen
        </button>
      </form>

      {caseId && error !== null && !invalidInput && (
        <ApiErrorAlert
          error={error}
          title="Zeitleiste nicht abrufbar"
          retryHint="Die Anzeige versucht es automatisch weiter."
        />
      )}

      {caseId && data && (
        <section aria-labelledby="timeline-heading">
          <div className="section-head">
            <h2 id="timeline-heading">
              Fall <span className="case-ref">{data.caseId}</span>
            </h2>
            <p className="muted">
              <span role="status">{entries.length === 1 ? '1 Eintrag' : `${entries.length} Einträge`}</span>
              {updatedAt && <> · aktualisiert {formatTime(updatedAt)} Uhr</>}
            </p>
          </div>
          {entries.length === 0 ? (
            <p className="empty">Für diesen Fall gibt es noch keine Einträge.</p>
          ) : (
            <ol className="timeline">
              {entries.map((entry) => (
                <TimelineEntry key={entry.eventId} entry={entry} />
              ))}
            </ol>
          )}
        </section>
      )}
      {caseId && !data && error === null && <p role="status">Zeitleiste wird geladen …</p>}
    </>
  );
}
