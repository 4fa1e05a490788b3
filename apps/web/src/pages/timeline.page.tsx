import type { AccessLogEntryDto, TimelineIntegrity, TimelineSla } from '@hilfenetz/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiClient, type TimelineFilters } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { useSession } from '../auth/use-session';
import { ApiErrorAlert } from '../components/api-error-alert';
import { BreakGlassForm } from '../components/break-glass-form';
import { breakGlassNeeded } from '../forms/break-glass';
import { SelectField } from '../components/select-field';
import { TextField } from '../components/text-field';
import { TimelineEntry } from '../components/timeline-entry';
import { mapFieldErrors } from '../forms/map-field-errors';
import { usePageTitle } from '../hooks/use-page-title';
import { formatDateTime, formatDuration, formatTime } from '../i18n/date-format.de';
import { ALERT_EVENT_TYPES, EVENT_LABELS } from '../i18n/event-types.de';
import { partyLabel, partyOptions } from '../i18n/parties.de';
import { roleLabel } from '../i18n/roles.de';
import { Link } from '../routing/link';
import { navigate } from '../routing/navigation';
import { paths } from '../routing/routes';
import { Button } from '../components/button';

const PAGE_SIZE = 100;
// "Nur Eskalationen und verpasste Fristen": a failed notification is highlighted in the list, but
// it is neither an escalation nor a missed deadline, so the filter leaves it out.
const ALERTS_ONLY = [...ALERT_EVENT_TYPES].filter((t) => t !== 'NotificationFailed').join(',');

/** The "all" choice of a filter (a list box item needs a non-empty key). */
const ALL = 'all';

const typeOptions = [
  { value: ALL, label: 'Alle Ereignisse' },
  { value: ALERTS_ONLY, label: 'Nur Eskalationen und verpasste Fristen' },
  ...Object.entries(EVENT_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'de')),
];

const partyFilterOptions = [{ value: ALL, label: 'Alle Beteiligten' }, ...partyOptions];

/** datetime-local value (browser's local time) to an ISO instant; '' stays empty. */
const toIso = (v: string): string | undefined => {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

/** A case's timeline for supervision: filters, SLA figures, integrity, access log, export. */
export function TimelinePage({ caseId }: { caseId: string | null }) {
  usePageTitle(caseId ? `Zeitleiste – Fall ${caseId}` : 'Zeitleiste');
  const session = useSession();
  const canSeeAccessLog = !!session?.claims.roles.some((r) => r === 'supervisor' || r === 'auditor');
  const [input, setInput] = useState(caseId ?? '');
  const [missing, setMissing] = useState(false);
  const [shownFor, setShownFor] = useState(caseId);
  const [draft, setDraft] = useState({ type: ALL, party: ALL, from: '', to: '' });
  const [filters, setFilters] = useState<TimelineFilters>({});
  // Set once a person outside the lead organisation has stated why they open this case.
  const [breakGlassReason, setBreakGlassReason] = useState<string | null>(null);
  if (shownFor !== caseId) {
    // The URL changed (back button, link): show its case in the field too; a reason was for the old case.
    setShownFor(caseId);
    setInput(caseId ?? '');
    setBreakGlassReason(null);
  }

  // Every read of a timeline is recorded in the case's access log: no background polling.
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', caseId, filters, breakGlassReason],
    queryFn: ({ pageParam, signal }) =>
      apiClient.getTimeline(
        caseId ?? '',
        { ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
        breakGlassReason,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.page.nextCursor ?? undefined,
    enabled: !!caseId,
    refetchOnWindowFocus: false,
    retry: (n, err) => !(err instanceof ApiError && err.kind !== 'network' && err.kind !== 'server') && n < 2,
  });
  const accessLog = useQuery({
    queryKey: ['access-log', caseId, timeline.dataUpdatedAt],
    queryFn: ({ signal }) => apiClient.getAccessLog(caseId ?? '', signal),
    // Break-glass never opens the access log (the API refuses it): not asked for then.
    enabled: !!caseId && canSeeAccessLog && timeline.isSuccess && breakGlassReason === null,
    refetchOnWindowFocus: false,
  });

  const apiErrors = mapFieldErrors(timeline.error, {
    'path.caseId': 'caseId' as const,
    'query.from': 'from' as const,
    'query.to': 'to' as const,
  }).byField;
  const caseIdError = missing ? 'Bitte die Fall-Referenz angeben.' : apiErrors.caseId;
  const invalidInput = timeline.error instanceof ApiError && timeline.error.kind === 'invalid';
  const breakGlass = breakGlassNeeded(timeline.error);

  const submitCase = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const wanted = input.trim();
    setMissing(!wanted);
    if (wanted) navigate(paths.timeline(wanted));
  };
  const submitFilters = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next: TimelineFilters = {};
    if (draft.type !== ALL) next.type = draft.type;
    if (draft.party !== ALL) next.party = draft.party;
    const from = toIso(draft.from);
    const to = toIso(draft.to);
    if (from) next.from = from;
    if (to) next.to = to;
    setFilters(next);
  };
  const resetFilters = () => {
    setDraft({ type: ALL, party: ALL, from: '', to: '' });
    setFilters({});
  };

  const pages = timeline.data?.pages ?? [];
  const first = pages[0];
  const entries = pages.flatMap((p) => p.entries);
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <h1 tabIndex={-1}>Zeitleiste</h1>
      <form className="form form--inline card" onSubmit={submitCase} noValidate role="search">
        <TextField
          id="timelineCaseId"
          label="Fall-Referenz"
          value={input}
          onChange={setInput}
          error={caseIdError}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required
        />
        <Button type="submit" variant="primary">
          Zeitleiste anzeigen
        </Button>
      </form>

      {caseId && breakGlass && (
        <BreakGlassForm
          what="die Zeitleiste"
          caseId={caseId}
          minLength={breakGlass.minLength}
          refused={breakGlass.refused}
          onConfirm={setBreakGlassReason}
        />
      )}
      {caseId && timeline.error && !breakGlass && !(invalidInput && apiErrors.caseId) && (
        <ApiErrorAlert error={timeline.error} title="Zeitleiste nicht abrufbar" retryHint="Bitte erneut laden." />
      )}

      {caseId && first && (
        <>
          <div className="section-head">
            <h2 id="timeline-heading">
              Fall <span className="case-ref">{first.caseId}</span>
            </h2>
            <IntegrityBadge integrity={first.integrity} />
          </div>
          <p>
            <Link to={paths.hilfeplanung(first.caseId)}>Hilfeplanung des Falls</Link>
          </p>

          <SlaTable sla={first.sla} />

          <form className="card filters" onSubmit={submitFilters} aria-labelledby="filter-heading">
            <h3 id="filter-heading">Filter</h3>
            <div className="filters__grid">
              <SelectField
                id="filterType"
                label="Ereignis"
                options={typeOptions}
                value={draft.type}
                onChange={(v) => setDraft({ ...draft, type: v })}
              />
              <SelectField
                id="filterParty"
                label="Beteiligte"
                options={partyFilterOptions}
                value={draft.party}
                onChange={(v) => setDraft({ ...draft, party: v })}
              />
              <TextField
                id="filterFrom"
                type="datetime-local"
                label="Von"
                value={draft.from}
                onChange={(v) => setDraft({ ...draft, from: v })}
                error={apiErrors.from ? 'Bitte ein gültiges Datum angeben.' : undefined}
              />
              <TextField
                id="filterTo"
                type="datetime-local"
                label="Bis"
                value={draft.to}
                onChange={(v) => setDraft({ ...draft, to: v })}
                error={apiErrors.to ? '„Bis“ muss nach „Von“ liegen.' : undefined}
              />
            </div>
            <div className="form__actions">
              <Button type="submit" variant="primary">
                Filtern
              </Button>
              {filtered && (
                <Button variant="quiet" onPress={resetFilters}>
                  Filter zurücksetzen
                </Button>
              )}
              <Button variant="secondary" onPress={() => void timeline.refetch()} isDisabled={timeline.isFetching}>
                {timeline.isFetching ? 'Wird geladen …' : 'Neu laden'}
              </Button>
              <ExportButton caseId={caseId} filters={filters} format="csv" breakGlassReason={breakGlassReason} />
              <ExportButton caseId={caseId} filters={filters} format="pdf" breakGlassReason={breakGlassReason} />
            </div>
          </form>

          <section aria-labelledby="entries-heading">
            <div className="section-head">
              <h3 id="entries-heading">Ereignisse</h3>
              <p className="muted">
                <span role="status">
                  {entries.length === 1 ? '1 Eintrag' : `${entries.length} Einträge`}
                  {filtered && ' (gefiltert)'}
                </span>
                {timeline.dataUpdatedAt > 0 && <> · Stand {formatTime(new Date(timeline.dataUpdatedAt))} Uhr</>}
              </p>
            </div>
            {entries.length === 0 ? (
              <p className="empty">
                {filtered ? 'Keine Einträge für diese Filter.' : 'Für diesen Fall gibt es noch keine Einträge.'}
              </p>
            ) : (
              <ol className="timeline">
                {entries.map((entry) => (
                  <TimelineEntry key={entry.eventId} entry={entry} />
                ))}
              </ol>
            )}
            {timeline.hasNextPage && (
              <Button
                variant="secondary"
                onPress={() => void timeline.fetchNextPage()}
                isDisabled={timeline.isFetchingNextPage}
              >
                {timeline.isFetchingNextPage ? 'Wird geladen …' : 'Weitere Einträge laden'}
              </Button>
            )}
          </section>

          {canSeeAccessLog && breakGlassReason === null && (
            <AccessLog entries={accessLog.data?.entries} error={accessLog.error} loading={accessLog.isPending} />
          )}
        </>
      )}
      {caseId && timeline.isPending && !timeline.error && <p role="status">Zeitleiste wird geladen …</p>}
    </>
  );
}

const INTEGRITY_REASONS: Record<string, string> = {
  content_changed: 'Inhalt eines Ereignisses wurde verändert',
  chain_broken: 'Hash-Kette unterbrochen',
  version_gap: 'Lücke in der Ereignisfolge',
  head_mismatch: 'Letztes Ereignis passt nicht zum gespeicherten Stand',
};

function IntegrityBadge({ integrity }: { integrity: TimelineIntegrity }) {
  if (integrity.ok) {
    return (
      <p className="integrity integrity--ok">
        <span aria-hidden="true">✔ </span>
        Integrität geprüft: {integrity.events} Ereignisse, Hash-Kette lückenlos ({formatDateTime(integrity.checkedAt)}{' '}
        Uhr)
      </p>
    );
  }
  return (
    <div className="integrity integrity--broken" role="alert">
      <p>
        <strong>Integrität verletzt</strong> ab Ereignis Nr. {integrity.streamVersion}:{' '}
        {INTEGRITY_REASONS[integrity.reason] ?? integrity.reason}. Bitte die Revision informieren.
      </p>
    </div>
  );
}

function SlaTable({ sla }: { sla: TimelineSla }) {
  if (sla.parties.length === 0) return null;
  return (
    <section className="card" aria-labelledby="sla-heading">
      <h3 id="sla-heading">Zeit bis zur Bestätigung</h3>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Beteiligte</th>
              <th scope="col">Aufgaben</th>
              <th scope="col">Bestätigt</th>
              <th scope="col">Eskalationen</th>
              <th scope="col">Längste Zeit bis Bestätigung</th>
            </tr>
          </thead>
          <tbody>
            {sla.parties.map((p) => (
              <tr key={p.party} className={p.escalations > 0 ? 'row--alert' : undefined}>
                <th scope="row">{partyLabel(p.party)}</th>
                <td>{p.tasks}</td>
                <td>
                  {p.acknowledged} von {p.tasks}
                </td>
                <td>{p.escalations > 0 ? <strong>{p.escalations}</strong> : 0}</td>
                <td>{p.maxSecondsToAcknowledge === null ? 'noch offen' : formatDuration(p.maxSecondsToAcknowledge)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const RESOURCES: Record<string, string> = { case: 'Fallakte', timeline: 'Zeitleiste', timeline_export: 'Export' };
const PURPOSES: Record<string, string> = {
  case_work: 'Fallarbeit',
  supervision: 'Aufsicht',
  audit: 'Revision',
  break_glass: 'Notfallzugriff',
};

function AccessLog({
  entries,
  error,
  loading,
}: {
  entries: AccessLogEntryDto[] | undefined;
  error: unknown;
  loading: boolean;
}) {
  // Newest first: the supervisor looks for recent reads.
  const rows = entries ? [...entries].reverse() : [];
  return (
    <section className="card" aria-labelledby="access-heading">
      <h3 id="access-heading">Zugriffsprotokoll</h3>
      <p className="muted">Jeder Lesezugriff auf diesen Fall, neuester zuerst.</p>
      {error !== null && <ApiErrorAlert error={error} title="Zugriffsprotokoll nicht abrufbar" />}
      {loading && error === null && <p>Wird geladen …</p>}
      {entries && entries.length === 0 && <p className="empty">Noch keine Zugriffe.</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Zeit</th>
                <th scope="col">Kennung</th>
                <th scope="col">Rolle · Organisation</th>
                <th scope="col">Bereich</th>
                <th scope="col">Zweck</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 50).map((e) => (
                <tr key={e.id} className={e.breakGlass ? 'row--alert' : undefined}>
                  <td>{formatDateTime(e.accessedAt)}</td>
                  <td>
                    <code>{e.user.id}</code>
                  </td>
                  <td>
                    {roleLabel(e.user.role)} · {e.user.organisationId}
                  </td>
                  <td>{RESOURCES[e.resource] ?? e.resource}</td>
                  <td>
                    {PURPOSES[e.purpose] ?? e.purpose}
                    {e.reason && <> – „{e.reason}“</>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 50 && <p className="muted">Die 50 neuesten von {rows.length} Zugriffen.</p>}
    </section>
  );
}

const EXPORT_LABEL = { csv: 'Als CSV exportieren', pdf: 'Als PDF exportieren' } as const;

/**
 * Downloads the export with the user's token (a plain link would carry none) and offers the blob
 * as a file.
 */
function ExportButton({
  caseId,
  filters,
  format,
  breakGlassReason,
}: {
  caseId: string;
  filters: TimelineFilters;
  format: 'csv' | 'pdf';
  breakGlassReason: string | null;
}) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const blob = await apiClient.exportTimeline(caseId, filters, format, breakGlassReason);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `zeitleiste-${caseId}.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <>
      <Button variant="secondary" onPress={() => void download()} isDisabled={state.busy}>
        {state.busy ? 'Export läuft …' : EXPORT_LABEL[format]}
      </Button>
      {state.error !== null && (
        <div className="filters__error">
          <ApiErrorAlert error={state.error} title={`${format.toUpperCase()}-Export fehlgeschlagen`} />
        </div>
      )}
    </>
  );
}
