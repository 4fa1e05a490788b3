import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiClient, type TimelineFilters } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { useSession } from '../auth/use-session';
import { ApiErrorAlert } from '../components/api-error-alert';
import { BreakGlassForm } from '../components/break-glass-form';
import { Button } from '../components/button';
import { TextField } from '../components/text-field';
import { breakGlassNeeded } from '../forms/break-glass';
import { mapFieldErrors } from '../forms/map-field-errors';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { navigate } from '../routing/navigation';
import { paths } from '../routing/routes';
import { AccessLog } from './timeline/access-log.section';
import { TimelineEntries } from './timeline/entries.section';
import { filtersOf, NO_FILTER, TimelineFilterForm } from './timeline/filters.section';
import { IntegrityBadge } from './timeline/integrity-badge';
import { SlaTable } from './timeline/sla.section';
import { OfflineStand } from '../offline/offline-stand';

const PAGE_SIZE = 100;

const T = texts(
  {
    title: 'Zeitleiste',
    titleFor: (caseId: string) => `Zeitleiste – Fall ${caseId}`,
    caseIdMissing: 'Bitte die Fall-Referenz angeben.',
    caseRef: 'Fall-Referenz',
    show: 'Zeitleiste anzeigen',
    unavailable: 'Zeitleiste nicht abrufbar',
    reloadHint: 'Bitte erneut laden.',
    case: 'Fall',
    planningLink: 'Hilfeplanung des Falls',
    timelineLoading: 'Zeitleiste wird geladen …',
  },
  {
    title: 'Timeline',
    titleFor: (caseId: string) => `Timeline – case ${caseId}`,
    caseIdMissing: 'Please enter the case reference.',
    caseRef: 'Case reference',
    show: 'Show timeline',
    unavailable: 'Timeline not available',
    reloadHint: 'Please reload.',
    case: 'Case',
    planningLink: 'Help planning of the case',
    timelineLoading: 'Loading timeline …',
  },
);

/** A case's timeline for supervision: filters, SLA figures, integrity, access log, export. */
export function TimelinePage({ caseId }: { caseId: string | null }) {
  const t = useTexts(T);
  usePageTitle(caseId ? t.titleFor(caseId) : t.title);
  const session = useSession();
  const canSeeAccessLog = !!session?.claims.roles.some((r) => r === 'supervisor' || r === 'auditor');
  const [input, setInput] = useState(caseId ?? '');
  const [missing, setMissing] = useState(false);
  const [shownFor, setShownFor] = useState(caseId);
  // Kept here, not in the form: the form is gone while a new filter loads, the typed choices stay.
  const [draft, setDraft] = useState(NO_FILTER);
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
  const resetFilters = () => {
    setDraft(NO_FILTER);
    setFilters({});
  };

  const pages = timeline.data?.pages ?? [];
  const first = pages[0];
  const entries = pages.flatMap((p) => p.entries);
  return (
    <>
      <h1 tabIndex={-1}>{t.title}</h1>
      {timeline.data && <OfflineStand updatedAt={timeline.dataUpdatedAt} error={timeline.error} />}
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

          <TimelineFilterForm
            caseId={caseId}
            draft={draft}
            onDraft={setDraft}
            filters={filters}
            onApply={() => setFilters(filtersOf(draft))}
            onReset={resetFilters}
            reloading={timeline.isFetching}
            onReload={() => void timeline.refetch()}
            errors={apiErrors}
            breakGlassReason={breakGlassReason}
          />

          <TimelineEntries
            entries={entries}
            filtered={Object.keys(filters).length > 0}
            updatedAt={timeline.dataUpdatedAt}
            hasMore={timeline.hasNextPage}
            loadingMore={timeline.isFetchingNextPage}
            onMore={() => void timeline.fetchNextPage()}
          />

          {canSeeAccessLog && breakGlassReason === null && (
            <AccessLog entries={accessLog.data?.entries} error={accessLog.error} loading={accessLog.isPending} />
          )}
        </>
      )}
      {caseId && timeline.isPending && !timeline.error && <p role="status">{t.timelineLoading}</p>}
    </>
  );
}
