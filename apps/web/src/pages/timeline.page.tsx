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
import { formatDateTime, formatDuration, formatTime } from '../i18n/date-format';
import { ALERT_EVENT_TYPES, eventLabels } from '../i18n/event-types';
import { locale, pick, texts, useTexts } from '../i18n/language';
import { partyLabel, partyOptions } from '../i18n/parties';
import { roleLabel } from '../i18n/roles';
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

const T = texts(
  {
    title: 'Zeitleiste',
    titleFor: (caseId: string) => `Zeitleiste – Fall ${caseId}`,
    allEvents: 'Alle Ereignisse',
    alertsOnly: 'Nur Eskalationen und verpasste Fristen',
    allParties: 'Alle Beteiligten',
    caseIdMissing: 'Bitte die Fall-Referenz angeben.',
    caseRef: 'Fall-Referenz',
    show: 'Zeitleiste anzeigen',
    unavailable: 'Zeitleiste nicht abrufbar',
    reloadHint: 'Bitte erneut laden.',
    case: 'Fall',
    planningLink: 'Hilfeplanung des Falls',
    filter: 'Filter',
    event: 'Ereignis',
    party: 'Beteiligte',
    from: 'Von',
    to: 'Bis',
    fromInvalid: 'Bitte ein gültiges Datum angeben.',
    toInvalid: '„Bis“ muss nach „Von“ liegen.',
    applyFilter: 'Filtern',
    resetFilter: 'Filter zurücksetzen',
    loading: 'Wird geladen …',
    reload: 'Neu laden',
    events: 'Ereignisse',
    count: (n: number) => (n === 1 ? '1 Eintrag' : `${n} Einträge`),
    filtered: ' (gefiltert)',
    asOf: (time: string) => ` · Stand ${time} Uhr`,
    noneFiltered: 'Keine Einträge für diese Filter.',
    none: 'Für diesen Fall gibt es noch keine Einträge.',
    more: 'Weitere Einträge laden',
    timelineLoading: 'Zeitleiste wird geladen …',
    integrityReasons: {
      content_changed: 'Inhalt eines Ereignisses wurde verändert',
      chain_broken: 'Hash-Kette unterbrochen',
      version_gap: 'Lücke in der Ereignisfolge',
      head_mismatch: 'Letztes Ereignis passt nicht zum gespeicherten Stand',
    } as Record<string, string>,
    integrityOk: (events: number, at: string) =>
      `Integrität geprüft: ${events} Ereignisse, Hash-Kette lückenlos (${at} Uhr)`,
    integrityBroken: 'Integrität verletzt',
    integrityFrom: (version: number) => ` ab Ereignis Nr. ${version}: `,
    integrityInform: '. Bitte die Revision informieren.',
    slaHeading: 'Zeit bis zur Bestätigung',
    tasks: 'Aufgaben',
    acknowledged: 'Bestätigt',
    escalations: 'Eskalationen',
    longest: 'Längste Zeit bis Bestätigung',
    ofTasks: (done: number, all: number) => `${done} von ${all}`,
    stillOpen: 'noch offen',
    resources: { case: 'Fallakte', timeline: 'Zeitleiste', timeline_export: 'Export' } as Record<string, string>,
    purposes: {
      case_work: 'Fallarbeit',
      supervision: 'Aufsicht',
      audit: 'Revision',
      break_glass: 'Notfallzugriff',
    } as Record<string, string>,
    accessHeading: 'Zugriffsprotokoll',
    accessIntro: 'Jeder Lesezugriff auf diesen Fall, neuester zuerst.',
    accessUnavailable: 'Zugriffsprotokoll nicht abrufbar',
    noAccess: 'Noch keine Zugriffe.',
    time: 'Zeit',
    user: 'Kennung',
    roleOrg: 'Rolle · Organisation',
    resource: 'Bereich',
    purpose: 'Zweck',
    newest: (n: number) => `Die 50 neuesten von ${n} Zugriffen.`,
    quote: (reason: string) => ` – „${reason}“`,
    export: { csv: 'Als CSV exportieren', pdf: 'Als PDF exportieren' },
    exporting: 'Export läuft …',
    exportFailed: (format: string) => `${format}-Export fehlgeschlagen`,
    fileName: 'zeitleiste',
  },
  {
    title: 'Timeline',
    titleFor: (caseId: string) => `Timeline – case ${caseId}`,
    allEvents: 'All events',
    alertsOnly: 'Only escalations and missed deadlines',
    allParties: 'All parties',
    caseIdMissing: 'Please enter the case reference.',
    caseRef: 'Case reference',
    show: 'Show timeline',
    unavailable: 'Timeline not available',
    reloadHint: 'Please reload.',
    case: 'Case',
    planningLink: 'Help planning of the case',
    filter: 'Filter',
    event: 'Event',
    party: 'Party',
    from: 'From',
    to: 'To',
    fromInvalid: 'Please enter a valid date.',
    toInvalid: '“To” must be after “From”.',
    applyFilter: 'Apply filter',
    resetFilter: 'Reset filter',
    loading: 'Loading …',
    reload: 'Reload',
    events: 'Events',
    count: (n: number) => (n === 1 ? '1 entry' : `${n} entries`),
    filtered: ' (filtered)',
    asOf: (time: string) => ` · As of ${time}`,
    noneFiltered: 'No entries for these filters.',
    none: 'There are no entries for this case yet.',
    more: 'Load more entries',
    timelineLoading: 'Loading timeline …',
    integrityReasons: {
      content_changed: 'The content of an event was changed',
      chain_broken: 'Hash chain broken',
      version_gap: 'Gap in the sequence of events',
      head_mismatch: 'The last event does not match the stored state',
    },
    integrityOk: (events: number, at: string) => `Integrity checked: ${events} events, hash chain complete (${at})`,
    integrityBroken: 'Integrity violated',
    integrityFrom: (version: number) => ` from event no. ${version}: `,
    integrityInform: '. Please inform the audit team.',
    slaHeading: 'Time to acknowledge',
    tasks: 'Tasks',
    acknowledged: 'Acknowledged',
    escalations: 'Escalations',
    longest: 'Longest time to acknowledge',
    ofTasks: (done: number, all: number) => `${done} of ${all}`,
    stillOpen: 'still open',
    resources: { case: 'Case file', timeline: 'Timeline', timeline_export: 'Export' },
    purposes: {
      case_work: 'Case work',
      supervision: 'Supervision',
      audit: 'Audit',
      break_glass: 'Emergency access',
    },
    accessHeading: 'Access log',
    accessIntro: 'Every read of this case, newest first.',
    accessUnavailable: 'Access log not available',
    noAccess: 'No reads yet.',
    time: 'Time',
    user: 'User ID',
    roleOrg: 'Role · Organisation',
    resource: 'Area',
    purpose: 'Purpose',
    newest: (n: number) => `The 50 newest of ${n} reads.`,
    quote: (reason: string) => ` – “${reason}”`,
    export: { csv: 'Export as CSV', pdf: 'Export as PDF' },
    exporting: 'Exporting …',
    exportFailed: (format: string) => `${format} export failed`,
    fileName: 'timeline',
  },
);

/** The event filter's choices in the current language, sorted by label. */
const typeOptions = () => {
  const t = pick(T);
  return [
    { value: ALL, label: t.allEvents },
    { value: ALERTS_ONLY, label: t.alertsOnly },
    ...Object.entries(eventLabels())
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label, locale())),
  ];
};

const partyFilterOptions = () => [{ value: ALL, label: pick(T).allParties }, ...partyOptions()];

/** datetime-local value (browser's local time) to an ISO instant; '' stays empty. */
const toIso = (v: string): string | undefined => {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

/** A case's timeline for supervision: filters, SLA figures, integrity, access log, export. */
export function TimelinePage({ caseId }: { caseId: string | null }) {
  const t = useTexts(T);
  usePageTitle(caseId ? t.titleFor(caseId) : t.title);
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
  const caseIdError = missing ? t.caseIdMissing : apiErrors.caseId;
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
      <h1 tabIndex={-1}>{t.title}</h1>
      <form className="form form--inline card" onSubmit={submitCase} noValidate role="search">
        <TextField
          id="timelineCaseId"
          label={t.caseRef}
          value={input}
          onChange={setInput}
          error={caseIdError}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required
        />
        <Button type="submit" variant="primary">
          {t.show}
        </Button>
      </form>

      {caseId && breakGlass && (
        <BreakGlassForm
          what="timeline"
          caseId={caseId}
          minLength={breakGlass.minLength}
          refused={breakGlass.refused}
          onConfirm={setBreakGlassReason}
        />
      )}
      {caseId && timeline.error && !breakGlass && !(invalidInput && apiErrors.caseId) && (
        <ApiErrorAlert error={timeline.error} title={t.unavailable} retryHint={t.reloadHint} />
      )}

      {caseId && first && (
        <>
          <div className="section-head">
            <h2 id="timeline-heading">
              {t.case} <span className="case-ref">{first.caseId}</span>
            </h2>
            <IntegrityBadge integrity={first.integrity} />
          </div>
          <p>
            <Link to={paths.hilfeplanung(first.caseId)}>{t.planningLink}</Link>
          </p>

          <SlaTable sla={first.sla} />

          <form className="card filters" onSubmit={submitFilters} aria-labelledby="filter-heading">
            <h3 id="filter-heading">{t.filter}</h3>
            <div className="filters__grid">
              <SelectField
                id="filterType"
                label={t.event}
                options={typeOptions()}
                value={draft.type}
                onChange={(v) => setDraft({ ...draft, type: v })}
              />
              <SelectField
                id="filterParty"
                label={t.party}
                options={partyFilterOptions()}
                value={draft.party}
                onChange={(v) => setDraft({ ...draft, party: v })}
              />
              <TextField
                id="filterFrom"
                type="datetime-local"
                label={t.from}
                value={draft.from}
                onChange={(v) => setDraft({ ...draft, from: v })}
                error={apiErrors.from ? t.fromInvalid : undefined}
              />
              <TextField
                id="filterTo"
                type="datetime-local"
                label={t.to}
                value={draft.to}
                onChange={(v) => setDraft({ ...draft, to: v })}
                error={apiErrors.to ? t.toInvalid : undefined}
              />
            </div>
            <div className="form__actions">
              <Button type="submit" variant="primary">
                {t.applyFilter}
              </Button>
              {filtered && (
                <Button variant="quiet" onPress={resetFilters}>
                  {t.resetFilter}
                </Button>
              )}
              <Button variant="secondary" onPress={() => void timeline.refetch()} isDisabled={timeline.isFetching}>
                {timeline.isFetching ? t.loading : t.reload}
              </Button>
              <ExportButton caseId={caseId} filters={filters} format="csv" breakGlassReason={breakGlassReason} />
              <ExportButton caseId={caseId} filters={filters} format="pdf" breakGlassReason={breakGlassReason} />
            </div>
          </form>

          <section aria-labelledby="entries-heading">
            <div className="section-head">
              <h3 id="entries-heading">{t.events}</h3>
              <p className="muted">
                <span role="status">
                  {t.count(entries.length)}
                  {filtered && t.filtered}
                </span>
                {timeline.dataUpdatedAt > 0 && t.asOf(formatTime(new Date(timeline.dataUpdatedAt)))}
              </p>
            </div>
            {entries.length === 0 ? (
              <p className="empty">{filtered ? t.noneFiltered : t.none}</p>
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
                {timeline.isFetchingNextPage ? t.loading : t.more}
              </Button>
            )}
          </section>

          {canSeeAccessLog && breakGlassReason === null && (
            <AccessLog entries={accessLog.data?.entries} error={accessLog.error} loading={accessLog.isPending} />
          )}
        </>
      )}
      {caseId && timeline.isPending && !timeline.error && <p role="status">{t.timelineLoading}</p>}
    </>
  );
}

function IntegrityBadge({ integrity }: { integrity: TimelineIntegrity }) {
  const t = useTexts(T);
  if (integrity.ok) {
    return (
      <p className="integrity integrity--ok">
        <span aria-hidden="true">✔ </span>
        {t.integrityOk(integrity.events, formatDateTime(integrity.checkedAt))}
      </p>
    );
  }
  return (
    <div className="integrity integrity--broken" role="alert">
      <p>
        <strong>{t.integrityBroken}</strong>
        {t.integrityFrom(integrity.streamVersion)}
        {t.integrityReasons[integrity.reason] ?? integrity.reason}
        {t.integrityInform}
      </p>
    </div>
  );
}

function SlaTable({ sla }: { sla: TimelineSla }) {
  const t = useTexts(T);
  if (sla.parties.length === 0) return null;
  return (
    <section className="card" aria-labelledby="sla-heading">
      <h3 id="sla-heading">{t.slaHeading}</h3>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t.party}</th>
              <th scope="col">{t.tasks}</th>
              <th scope="col">{t.acknowledged}</th>
              <th scope="col">{t.escalations}</th>
              <th scope="col">{t.longest}</th>
            </tr>
          </thead>
          <tbody>
            {sla.parties.map((p) => (
              <tr key={p.party} className={p.escalations > 0 ? 'row--alert' : undefined}>
                <th scope="row">{partyLabel(p.party)}</th>
                <td>{p.tasks}</td>
                <td>{t.ofTasks(p.acknowledged, p.tasks)}</td>
                <td>{p.escalations > 0 ? <strong>{p.escalations}</strong> : 0}</td>
                <td>{p.maxSecondsToAcknowledge === null ? t.stillOpen : formatDuration(p.maxSecondsToAcknowledge)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AccessLog({
  entries,
  error,
  loading,
}: {
  entries: AccessLogEntryDto[] | undefined;
  error: unknown;
  loading: boolean;
}) {
  const t = useTexts(T);
  // Newest first: the supervisor looks for recent reads.
  const rows = entries ? [...entries].reverse() : [];
  return (
    <section className="card" aria-labelledby="access-heading">
      <h3 id="access-heading">{t.accessHeading}</h3>
      <p className="muted">{t.accessIntro}</p>
      {error !== null && <ApiErrorAlert error={error} title={t.accessUnavailable} />}
      {loading && error === null && <p>{t.loading}</p>}
      {entries && entries.length === 0 && <p className="empty">{t.noAccess}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t.time}</th>
                <th scope="col">{t.user}</th>
                <th scope="col">{t.roleOrg}</th>
                <th scope="col">{t.resource}</th>
                <th scope="col">{t.purpose}</th>
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
                  <td>{t.resources[e.resource] ?? e.resource}</td>
                  <td>
                    {t.purposes[e.purpose] ?? e.purpose}
                    {e.reason && t.quote(e.reason)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 50 && <p className="muted">{t.newest(rows.length)}</p>}
    </section>
  );
}

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
  const t = useTexts(T);
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const blob = await apiClient.exportTimeline(caseId, filters, format, breakGlassReason);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${pick(T).fileName}-${caseId}.${format}`;
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
        {state.busy ? t.exporting : t.export[format]}
      </Button>
      {state.error !== null && (
        <div className="filters__error">
          <ApiErrorAlert error={state.error} title={t.exportFailed(format.toUpperCase())} />
        </div>
      )}
    </>
  );
}
