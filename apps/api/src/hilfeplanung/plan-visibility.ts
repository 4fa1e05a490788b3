import type { PlanningParty, PlanView } from '@hilfenetz/contracts';

/**
 * Cuts a decrypted plan to what the reader needs: the youth office and the supervisor see all;
 * the clinic and the provider see the measures they are responsible for and the goals those serve,
 * not the young person's own words or the rest of the plan.
 */
export function visiblePlan(plan: Omit<PlanView, 'partial'>, readerParty: PlanningParty | 'supervisor'): PlanView {
  if (readerParty === 'youth_office' || readerParty === 'supervisor') return { ...plan, partial: false };
  const measures = plan.measures.filter((m) => m.responsibleParty === readerParty);
  const goalIds = new Set(measures.map((m) => m.goalId));
  const { youngPersonView: _hidden, ...rest } = plan;
  return { ...rest, goals: plan.goals.filter((g) => goalIds.has(g.goalId)), measures, partial: true };
}
