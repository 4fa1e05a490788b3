import { lagebildAudiences, type Lagebild, type LagebildAudience } from '@hilfenetz/contracts';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/api-error';
import { requestJson } from '../api/http-request';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Alert } from '../components/alert';
import { Button } from '../components/button';
import { LagebildAudienceSwitch } from '../components/lagebild-audience-switch';
import { LagebildPdfButton } from '../components/lagebild-pdf-button';
import { LagebildReport } from '../components/lagebild-report';
import { usePageTitle } from '../hooks/use-page-title';
import { formatDateTime, uhr } from '../i18n/date-format';
import { lagebildTexts } from '../i18n/lagebild';
import { useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { navigate } from '../routing/navigation';
import { paths } from '../routing/routes';
import '../styles/lagebild.css';
import { CaseRef } from '../components/case-ref';

const seg = encodeURIComponent;

const asAudience = (v: string | null): LagebildAudience | undefined =>
  (lagebildAudiences as readonly string[]).includes(v ?? '') ? (v as LagebildAudience) : undefined;

interface LagebildPageProps {
  caseId: string;
  crisisId: string;
  /** From the URL (`?fassung=`); absent: the widest version the reader may see. */
  audience: string | null;
}

/**
 * The situation report of one crisis (Lagebild): what, where, who; who was alarmed and reached;
 * what is open and missing. The lead office switches between the versions for the supervisor,
 * the Leitstelle, the clinic and the Runder Tisch; the Leitstelle and the clinic see their own.
 */
export function LagebildPage({ caseId, crisisId, audience }: LagebildPageProps) {
  const t = useTexts(lagebildTexts);
  const requested = asAudience(audience);
  const report = useQuery({
    queryKey: ['lagebild', caseId, crisisId, requested ?? 'default'],
    queryFn: ({ signal }) =>
      requestJson<Lagebild>(
        'GET',
        `/cases/${seg(caseId)}/crises/${seg(crisisId)}/lagebild${requested ? `?audience=${requested}` : ''}`,
        { signal },
      ),
    placeholderData: (previous) => previous,
    refetchOnWindowFocus: false,
    retry: (n, err) => !(err instanceof ApiError && ['not_found', 'forbidden', 'invalid'].includes(err.kind)) && n < 2,
  });
  const data = report.data;
  const anonymous = data?.audience === 'runder_tisch';
  usePageTitle(anonymous ? t.titleAnonymous : t.titleFor(caseId));

  return (
    <>
      {/* Shown to a case conference: the Runder Tisch's version does not name the case either. */}
      <h1 tabIndex={-1}>
        {anonymous ? (
          t.titleAnonymous
        ) : (
          <>
            {t.title} <CaseRef caseId={caseId} />
          </>
        )}
      </h1>
      {report.error !== null && !data && <ApiErrorAlert error={report.error} title={t.unavailable} />}
      {!data && report.isPending && <p role="status">{t.loading}</p>}
      {data && (
        <>
          <div className="lagebild__toolbar">
            {data.availableAudiences.length > 1 && (
              <LagebildAudienceSwitch
                available={data.availableAudiences}
                value={data.audience}
                onChange={(a) => navigate(paths.lagebild(caseId, crisisId, a), { replace: true })}
              />
            )}
            <div className="lagebild__meta">
              <p role="status" aria-live="polite">
                {t.audiences[data.audience].label} · {t.asOf(`${formatDateTime(data.generatedAt)}${uhr()}`)}
                {report.isFetching && <> · {t.loading}</>}
              </p>
              <div className="lagebild__buttons">
                <LagebildPdfButton caseId={caseId} crisisId={crisisId} audience={data.audience} />
                <Button variant="quiet" onPress={() => void report.refetch()} isDisabled={report.isFetching}>
                  {t.reload}
                </Button>
              </div>
            </div>
          </div>
          {anonymous && (
            <Alert tone="info">
              <p>{t.anonymousNote}</p>
            </Alert>
          )}
          {data.personalData === 'erased' && (
            <Alert tone="info">
              <p>{t.erased(`${formatDateTime(data.erasedAt ?? data.generatedAt)}${uhr()}`)}</p>
            </Alert>
          )}
          <LagebildReport report={data} />
        </>
      )}
      <ul className="link-list">
        <li>
          <Link to={paths.crisis(caseId, crisisId)}>{t.backToCrisis}</Link>
        </li>
      </ul>
    </>
  );
}
