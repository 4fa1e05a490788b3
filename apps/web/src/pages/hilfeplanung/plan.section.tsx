import type { PlanView } from '@hilfenetz/contracts';
import { PlanningErrorAlert } from '../../components/planning-error-alert';
import { formatDateTime, uhr } from '../../i18n/date-format';
import { formatDate, planningPartyLabel } from '../../i18n/hilfeplanung';
import { texts, useTexts } from '../../i18n/language';
import { FactRow } from '../../components/fact-row';

const T = texts(
  {
    plan: 'Hilfeplan',
    planUnavailable: 'Hilfeplan nicht abrufbar',
    loading: 'Wird geladen …',
    heldAt: 'Gespräch am',
    tookPart: 'Teilgenommen',
    nextReview: 'Nächste Überprüfung',
    view: 'Sicht des jungen Menschen (eigene Worte)',
    goalsAndMeasures: 'Ziele und Maßnahmen',
    measureLine: (description: string, party: string, due: string) =>
      `${description} – verantwortlich: ${party}, bis ${due}`,
    noMeasure: 'Keine Maßnahme zu diesem Ziel.',
    partial: 'Es werden nur die Teile gezeigt, an denen Sie beteiligt sind.',
  },
  {
    plan: 'Help plan',
    planUnavailable: 'Help plan not available',
    loading: 'Loading …',
    heldAt: 'Meeting on',
    tookPart: 'Took part',
    nextReview: 'Next review',
    view: "The young person's view (own words)",
    goalsAndMeasures: 'Goals and measures',
    measureLine: (description: string, party: string, due: string) =>
      `${description} – responsible: ${party}, by ${due}`,
    noMeasure: 'No measure for this goal.',
    partial: 'Only the parts you are involved in are shown.',
  },
);

/** The Hilfeplan in force: meeting, who took part, the young person's view, goals and measures. */
export function PlanSection({ plan, error }: { plan: PlanView | undefined; error: unknown }) {
  const t = useTexts(T);
  return (
    <section className="card" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t.plan}</h2>
      {error !== null && <PlanningErrorAlert error={error} title={t.planUnavailable} />}
      {!plan && error === null && <p className="muted">{t.loading}</p>}
      {plan && (
        <>
          <dl className="facts">
            <FactRow label={t.heldAt}>
              {formatDateTime(plan.heldAt)}
              {uhr()}
            </FactRow>
            <FactRow label={t.tookPart}>{plan.participants.map(planningPartyLabel).join(', ')}</FactRow>
            <FactRow label={t.nextReview}>{formatDate(plan.nextReviewAt)}</FactRow>
          </dl>
          {plan.youngPersonView !== undefined && (
            <>
              <h3>{t.view}</h3>
              <blockquote className="plan-quote">{plan.youngPersonView}</blockquote>
            </>
          )}
          <h3>{t.goalsAndMeasures}</h3>
          <ol className="plan-goals">
            {plan.goals.map((g) => {
              const ms = plan.measures.filter((m) => m.goalId === g.goalId);
              return (
                <li key={g.goalId}>
                  <p className="plan-goals__goal">{g.text}</p>
                  {ms.length > 0 ? (
                    <ul className="plan-goals__measures">
                      {ms.map((m) => (
                        <li key={m.measureId}>
                          {t.measureLine(m.description, planningPartyLabel(m.responsibleParty), formatDate(m.dueBy))}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="muted">{t.noMeasure}</p>
                  )}
                </li>
              );
            })}
          </ol>
          {plan.partial && <p className="muted">{t.partial}</p>}
        </>
      )}
    </section>
  );
}
