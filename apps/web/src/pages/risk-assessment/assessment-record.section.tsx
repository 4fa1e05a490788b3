import type { RiskAssessmentLiveState } from '@hilfenetz/contracts';
import { useQuery } from '@tanstack/react-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { FactRow } from '../../components/fact-row';
import { formatDate, formatDateTime } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';
import { riskAssessmentApi } from './risk-assessment-api';

const T = texts(
  {
    heading: 'Festgehalten',
    unavailable: 'Aufzeichnung nicht abrufbar',
    concern: 'Gewichtige Anhaltspunkte',
    specialist: 'Insoweit erfahrene Fachkraft',
    professionals: 'Eingeschätzt von',
    assessment: 'Einschätzung',
    child: 'Kind beteiligt',
    guardians: 'Sorgeberechtigte beteiligt',
    yesOn: (at: string) => `ja, am ${at}`,
    notBecause: (reason: string) => `nein – ${reason}`,
    decision: 'Begründung der Entscheidung',
    decidedBy: 'Entschieden von',
    helpOffer: 'Angebotene Hilfe',
    step: (action: string, responsible: string, due: string) =>
      `${action} – verantwortlich: ${responsible}, bis ${due}`,
    protective: 'Schutzplan',
    review: 'Überprüfung',
  },
  {
    heading: 'Recorded',
    unavailable: 'Record not available',
    concern: 'Weighty indications',
    specialist: 'Child-protection specialist',
    professionals: 'Assessed by',
    assessment: 'Assessment',
    child: 'Child involved',
    guardians: 'Guardians involved',
    yesOn: (at: string) => `yes, on ${at}`,
    notBecause: (reason: string) => `no – ${reason}`,
    decision: 'Reason for the decision',
    decidedBy: 'Decided by',
    helpOffer: 'Help offered',
    step: (action: string, responsible: string, due: string) => `${action} – responsible: ${responsible}, by ${due}`,
    protective: 'Protection plan',
    review: 'Review',
  },
);

/** What was written at each step, read (and access-logged) when the assessment is shown. */
export function AssessmentRecord({ caseId, assessment }: { caseId: string; assessment: RiskAssessmentLiveState }) {
  const t = useTexts(T);
  // Keyed by the steps' state: a recorded step brings the record up to date, nothing reads in the background.
  const version = assessment.steps.map((s) => s.status).join(',') + assessment.phase;
  const detail = useQuery({
    queryKey: ['risk-assessment', caseId, assessment.assessmentId, version],
    queryFn: ({ signal }) => riskAssessmentApi.detail(caseId, assessment.assessmentId, signal),
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
  });
  const r = detail.data?.record;
  const involvement = (i: { involved: true; at: string } | { involved: false; reason: string }) =>
    i.involved ? t.yesOn(formatDateTime(i.at)) : t.notBecause(i.reason);
  return (
    <>
      <h3>{t.heading}</h3>
      {detail.error !== null && <ApiErrorAlert error={detail.error} title={t.unavailable} />}
      {r && (
        <dl className="facts">
          <FactRow label={t.concern}>{r.concern}</FactRow>
          {r.specialist && (
            <FactRow label={t.specialist}>
              {`${r.specialist.name}, ${r.specialist.organisation} (${formatDateTime(r.specialist.consultedAt)})`}
            </FactRow>
          )}
          {r.jointAssessment && (
            <>
              <FactRow label={t.professionals}>
                {r.jointAssessment.professionals.map((p) => `${p.professionalId} (${p.function})`).join(', ')}
              </FactRow>
              <FactRow label={t.assessment}>{r.jointAssessment.assessment}</FactRow>
            </>
          )}
          {r.familyInvolvement && (
            <>
              <FactRow label={t.child}>{involvement(r.familyInvolvement.youngPerson)}</FactRow>
              <FactRow label={t.guardians}>{involvement(r.familyInvolvement.guardians)}</FactRow>
            </>
          )}
          {r.decision && (
            <>
              <FactRow label={t.decision}>{r.decision.reason}</FactRow>
              <FactRow label={t.decidedBy}>
                {`${r.decision.decidedBy}, ${formatDateTime(r.decision.decidedAt)}`}
              </FactRow>
              {r.decision.helpOffer && <FactRow label={t.helpOffer}>{r.decision.helpOffer}</FactRow>}
              {r.decision.protectiveSteps?.map((s, i) => (
                <FactRow key={i} label={t.protective}>
                  {t.step(s.action, s.responsible, formatDate(s.dueBy))}
                </FactRow>
              ))}
            </>
          )}
          {r.review && <FactRow label={t.review}>{r.review.note}</FactRow>}
        </dl>
      )}
    </>
  );
}
