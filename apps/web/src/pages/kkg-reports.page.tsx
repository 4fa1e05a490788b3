import type { KkgFeedbackLiveState } from '@hilfenetz/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, isPermanent } from '../api/api-error';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import { CaseRef, caseReference } from '../components/case-ref';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { GiveFeedback } from './kkg-reports/give-feedback.section';
import { kkgReportsApi } from './kkg-reports/kkg-reports-api';
import { ReportConcern } from './kkg-reports/report-concern.section';
import { ReportItem } from './kkg-reports/report-item';

const T = texts(
  {
    title: (caseId: string) => `Meldungen nach § 4 KKG – Fall ${caseId}`,
    heading: 'Meldungen nach § 4 KKG im Fall',
    unavailable: 'Meldungen nicht abrufbar',
    none: 'Keine Meldungen Ihrer Stelle zu diesem Fall.',
    reload: 'Neu laden',
  },
  {
    title: (caseId: string) => `Reports under § 4 KKG – case ${caseId}`,
    heading: 'Reports under § 4 KKG in case',
    unavailable: 'Reports not available',
    none: 'No reports of your service on this case.',
    reload: 'Reload',
  },
);

const youthOffice = (roles: readonly string[]) => roles.some((r) => r === 'caseworker' || r === 'on_call');
const reporterRole = (roles: readonly string[]) => roles.some((r) => r === 'clinic_staff' || r === 'provider_staff');

/**
 * § 4 KKG on one case: a clinic or Träger reports and reads the feedback on its reports; the youth
 * office records phone reports and answers each report with the two answers § 4 (4) allows.
 */
export function KkgReportsPage({ caseId, roles }: { caseId: string; roles: readonly string[] }) {
  const t = useTexts(T);
  usePageTitle(t.title(caseReference(caseId)));
  const queryClient = useQueryClient();
  const key = ['kkg-reports', caseId];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => kkgReportsApi.list(caseId, signal),
    // Reads are in the case's access log: none in the background.
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (n, err) => !isPermanent(err) && !(err instanceof ApiError && err.kind === 'not_found') && n < 2,
  });
  const replace = (r: KkgFeedbackLiveState) =>
    queryClient.setQueryData<{ items: KkgFeedbackLiveState[] }>(key, (old) => ({
      items: [r, ...(old?.items ?? []).filter((x) => x.reportId !== r.reportId)],
    }));
  const office = youthOffice(roles);
  // A reporter's first report on a case it has none on yet: the list answers 404 until then.
  const unknownToReporter = query.error instanceof ApiError && query.error.kind === 'not_found' && reporterRole(roles);
  const items = query.data?.items ?? [];
  return (
    <>
      <h1 tabIndex={-1}>
        {t.heading} <CaseRef caseId={caseId} />
      </h1>
      {query.error !== null && !unknownToReporter && <ApiErrorAlert error={query.error} title={t.unavailable} />}
      {(query.data || unknownToReporter) && items.length === 0 && <p className="empty">{t.none}</p>}
      {items.map((r) => (
        <section className="card" key={r.reportId} aria-labelledby={`kkg-${r.reportId}`}>
          <ReportItem report={r} />
          {office && r.status !== 'given' && <GiveFeedback caseId={caseId} report={r} onGiven={replace} />}
        </section>
      ))}
      {(office || reporterRole(roles)) && (query.data || unknownToReporter) && (
        <ReportConcern caseId={caseId} byPhone={office} onReported={replace} />
      )}
      {query.data && (
        <div className="form__actions">
          <Button variant="secondary" isDisabled={query.isFetching} onPress={() => void query.refetch()}>
            {t.reload}
          </Button>
        </div>
      )}
    </>
  );
}
