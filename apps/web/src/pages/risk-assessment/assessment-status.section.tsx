import type { RiskAssessmentLiveState } from '@hilfenetz/contracts';
import { FactRow } from '../../components/fact-row';
import { formatDateTime } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';
import { useRiskAssessmentTerms } from './risk-assessment-terms';

const T = texts(
  {
    heading: (startedAt: string) => `Gefährdungseinschätzung vom ${startedAt}`,
    state: 'Stand',
    byProvider: 'Begonnen vom Träger (§ 8a Abs. 4 SGB VIII)',
    byOffice: 'Begonnen vom Jugendamt',
    step: 'Schritt',
    status: 'Status',
    due: 'Frist',
    outcome: 'Ergebnis',
    reviewAt: 'Überprüfung am',
  },
  {
    heading: (startedAt: string) => `Risk assessment of ${startedAt}`,
    state: 'State',
    byProvider: 'Started by the care provider (§ 8a (4) SGB VIII)',
    byOffice: 'Started by the youth office',
    step: 'Step',
    status: 'Status',
    due: 'Deadline',
    outcome: 'Outcome',
    reviewAt: 'Review on',
  },
);

/** One assessment: who started it, each step with its deadline and state, the outcome. */
export function AssessmentStatus({ assessment }: { assessment: RiskAssessmentLiveState }) {
  const t = useTexts(T);
  const terms = useRiskAssessmentTerms();
  const headingId = `ra-${assessment.assessmentId}`;
  const outcome = terms.outcomes.find((o) => o.value === assessment.outcome)?.label;
  return (
    <>
      <h2 id={headingId}>{t.heading(formatDateTime(assessment.startedAt))}</h2>
      <dl className="facts">
        <FactRow label={t.state}>
          <span data-testid="ra-phase">{terms.phase[assessment.phase]}</span>
        </FactRow>
        <FactRow label={assessment.initiator.kind === 'provider' ? t.byProvider : t.byOffice}>
          {assessment.initiator.organisationId}
        </FactRow>
        {outcome && (
          <FactRow label={t.outcome}>
            <span data-testid="ra-outcome">{outcome}</span>
          </FactRow>
        )}
        {assessment.reviewAt && <FactRow label={t.reviewAt}>{formatDateTime(assessment.reviewAt)}</FactRow>}
      </dl>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t.step}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.due}</th>
          </tr>
        </thead>
        <tbody>
          {assessment.steps.map((s) => (
            <tr key={s.step}>
              <th scope="row">{terms.steps[s.step]}</th>
              <td>{terms.status[s.status]}</td>
              <td>{formatDateTime(s.dueAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
