import { ApiError } from '../api/api-error';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { CaseRef, caseReference } from '../components/case-ref';
import { GuardiansSection } from './case/guardians.section';
import { useCaseFile } from './case/use-case-file';
import { YoungPersonSection } from './case/young-person.section';

const T = texts(
  {
    title: (caseId: string) => `Fall ${caseId}`,
    heading: 'Fall',
    registered: 'Fall angelegt',
    registeredText: 'Der Fall ist angelegt. Sie können jetzt für ihn eine Krise auslösen.',
    unavailable: 'Fall nicht abrufbar',
    notFound: 'Zu dieser Referenz ist kein Fall angelegt.',
    loading: 'Fall wird geladen …',
    triggerLink: 'Krise für diesen Fall auslösen',
    timelineLink: 'Zeitleiste des Falls anzeigen',
    riskAssessmentLink: 'Gefährdungseinschätzung (§ 8a SGB VIII)',
    kkgLink: 'Meldungen nach § 4 KKG',
  },
  {
    title: (caseId: string) => `Case ${caseId}`,
    heading: 'Case',
    registered: 'Case registered',
    registeredText: 'The case is registered. You can now trigger a crisis for it.',
    unavailable: 'Case not available',
    notFound: 'No case is registered under this reference.',
    loading: 'Loading case …',
    triggerLink: 'Trigger a crisis for this case',
    timelineLink: 'Show the case timeline',
    riskAssessmentLink: 'Risk assessment (§ 8a SGB VIII)',
    kkgLink: 'Reports under § 4 KKG',
  },
);

/** The case file for the lead office: young person, Träger and the guardians (add, change, remove). */
export function CasePage({ caseId, registered }: { caseId: string; registered: boolean }) {
  const t = useTexts(T);
  usePageTitle(t.title(caseReference(caseId)));
  const caseFile = useCaseFile(caseId);
  const data = caseFile.data;
  const notFound = caseFile.error instanceof ApiError && caseFile.error.kind === 'not_found';

  return (
    <>
      <h1 tabIndex={-1}>
        {t.heading} <CaseRef caseId={caseId} />
      </h1>
      {registered && (
        <Alert tone="success" title={t.registered}>
          <p>{t.registeredText}</p>
        </Alert>
      )}
      {notFound && (
        <Alert tone="error" title={t.unavailable}>
          <p>{t.notFound}</p>
        </Alert>
      )}
      {caseFile.error && !notFound && <ApiErrorAlert error={caseFile.error} title={t.unavailable} />}
      {!data && !caseFile.error && <p role="status">{t.loading}</p>}

      {data && <YoungPersonSection caseFile={data} />}

      {data && (
        <GuardiansSection
          caseId={caseId}
          guardians={data.guardians}
          mayEdit={data.youngPerson.status === 'available'}
        />
      )}

      <ul className="link-list">
        <li>
          <Link to={paths.trigger(caseId)}>{t.triggerLink}</Link>
        </li>
        <li>
          <Link to={paths.timeline(caseId)}>{t.timelineLink}</Link>
        </li>
        <li>
          <Link to={paths.riskAssessment(caseId)}>{t.riskAssessmentLink}</Link>
        </li>
        <li>
          <Link to={paths.kkgReports(caseId)}>{t.kkgLink}</Link>
        </li>
      </ul>
    </>
  );
}
