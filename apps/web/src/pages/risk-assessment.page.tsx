import type { RiskAssessmentLiveState } from '@hilfenetz/contracts';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import { CaseRef, caseReference } from '../components/case-ref';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { AssessmentRecord } from './risk-assessment/assessment-record.section';
import { AssessmentStatus } from './risk-assessment/assessment-status.section';
import { DecisionStep } from './risk-assessment/decision.section';
import { FamilyInvolvementStep } from './risk-assessment/family-involvement.section';
import { JointAssessmentStep } from './risk-assessment/joint-assessment.section';
import { ReviewStep } from './risk-assessment/review.section';
import { SpecialistStep } from './risk-assessment/specialist.section';
import { StartAssessment } from './risk-assessment/start-assessment.section';
import { useRiskAssessments } from './risk-assessment/use-risk-assessments';

const T = texts(
  {
    title: (caseId: string) => `Gefährdungseinschätzung – Fall ${caseId}`,
    heading: 'Gefährdungseinschätzung (§ 8a SGB VIII) im Fall',
    unavailable: 'Gefährdungseinschätzungen nicht abrufbar',
    loading: 'Wird geladen …',
    none: 'Für diesen Fall wurde noch keine Gefährdungseinschätzung begonnen.',
    reload: 'Neu laden',
    timelineLink: 'Zeitleiste des Falls anzeigen',
    caseLink: 'Zur Fallakte',
  },
  {
    title: (caseId: string) => `Risk assessment – case ${caseId}`,
    heading: 'Risk assessment (§ 8a SGB VIII) in case',
    unavailable: 'Risk assessments not available',
    loading: 'Loading …',
    none: 'No risk assessment has been started for this case yet.',
    reload: 'Reload',
    timelineLink: 'Show the case timeline',
    caseLink: 'To the case file',
  },
);

/** The youth office (caseworker, on-call) and a case's Träger carry assessments; others read. */
const mayCarry = (roles: readonly string[]) =>
  roles.some((r) => r === 'caseworker' || r === 'on_call' || r === 'provider_staff');

/**
 * The §8a risk assessments of one case: start one from the concern, then each step in turn to the
 * decision and its review. The steps and their deadlines come from the API; the forms show only
 * what is due next.
 */
export function RiskAssessmentPage({
  caseId,
  roles,
  organisationId,
}: {
  caseId: string;
  roles: readonly string[];
  organisationId: string;
}) {
  const t = useTexts(T);
  usePageTitle(t.title(caseReference(caseId)));
  const { query, replace } = useRiskAssessments(caseId);
  const items = query.data?.items ?? [];
  const mayAct = mayCarry(roles);
  const open = items.find((a) => a.phase !== 'closed');

  return (
    <>
      <h1 tabIndex={-1}>
        {t.heading} <CaseRef caseId={caseId} />
      </h1>
      {query.error !== null && <ApiErrorAlert error={query.error} title={t.unavailable} />}
      {query.isPending && (
        <p className="empty" role="status">
          {t.loading}
        </p>
      )}
      {query.data && items.length === 0 && <p className="empty">{t.none}</p>}
      {query.data && mayAct && !open && <StartAssessment caseId={caseId} onStarted={replace} />}
      {items.map((a) => (
        <section className="card" key={a.assessmentId} aria-labelledby={`ra-${a.assessmentId}`}>
          <AssessmentStatus assessment={a} />
          <AssessmentRecord caseId={caseId} assessment={a} />
          {mayAct && a === open && (
            <NextSteps caseId={caseId} assessment={a} organisationId={organisationId} onDone={replace} />
          )}
        </section>
      ))}
      {query.data && (
        <div className="form__actions">
          <Button variant="secondary" isDisabled={query.isFetching} onPress={() => void query.refetch()}>
            {t.reload}
          </Button>
        </div>
      )}
      <ul className="link-list">
        <li>
          <Link to={paths.caseFile(caseId)}>{t.caseLink}</Link>
        </li>
        <li>
          <Link to={paths.timeline(caseId)}>{t.timelineLink}</Link>
        </li>
      </ul>
    </>
  );
}

/** The forms of the steps still open, in the order the law asks for them. */
function NextSteps({
  caseId,
  assessment,
  organisationId,
  onDone,
}: {
  caseId: string;
  assessment: RiskAssessmentLiveState;
  organisationId: string;
  onDone: (s: RiskAssessmentLiveState) => void;
}) {
  const done = (step: string) => assessment.steps.find((s) => s.step === step)?.status === 'done';
  const has = (step: string) => assessment.steps.some((s) => s.step === step);
  const ids = { caseId, assessmentId: assessment.assessmentId, onDone };
  if (assessment.phase === 'decided') return <ReviewStep {...ids} />;
  return (
    <>
      {has('specialist_consultation') && !done('specialist_consultation') && <SpecialistStep {...ids} />}
      {!done('joint_assessment') && <JointAssessmentStep {...ids} organisationId={organisationId} />}
      {!done('family_involvement') && <FamilyInvolvementStep {...ids} />}
      {done('joint_assessment') && <DecisionStep {...ids} />}
    </>
  );
}
