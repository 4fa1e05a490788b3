import type { GoalStatus, NetworkAnnualGoalSetData, NetworkAnnualGoalStatusChangedData } from '@hilfenetz/contracts';

/**
 * A network's annual goals with their implementation plan and status (issue 17 part 7, ADR 0039;
 * Stormarn: sub-goals presented to the Jugendhilfeausschuss each year), folded from
 * `network-goals-<networkId>`.
 */
export interface AnnualGoal {
  goalId: string;
  year: number;
  title: string;
  plan: NetworkAnnualGoalSetData['plan'];
  status: GoalStatus;
  statusChangedAt: string;
  history: { status: GoalStatus; changedBy: NetworkAnnualGoalSetData['setBy']; changedAt: string }[];
}

export function foldAnnualGoals(events: readonly { type: string; data: unknown }[]): AnnualGoal[] {
  const goals = new Map<string, AnnualGoal>();
  for (const e of events) {
    if (e.type === 'NetworkAnnualGoalSet') {
      const d = e.data as NetworkAnnualGoalSetData;
      goals.set(d.goalId, {
        goalId: d.goalId,
        year: d.year,
        title: d.title,
        plan: d.plan,
        status: 'planned',
        statusChangedAt: d.setAt,
        history: [{ status: 'planned', changedBy: d.setBy, changedAt: d.setAt }],
      });
    } else if (e.type === 'NetworkAnnualGoalStatusChanged') {
      const d = e.data as NetworkAnnualGoalStatusChangedData;
      const g = goals.get(d.goalId);
      if (!g) continue;
      goals.set(d.goalId, {
        ...g,
        status: d.status,
        statusChangedAt: d.changedAt,
        history: [...g.history, { status: d.status, changedBy: d.changedBy, changedAt: d.changedAt }],
      });
    }
  }
  return [...goals.values()];
}

/** The year's figures as the annual report shows them: counts only, nothing that names anyone. */
export interface AnnualReportFigures {
  networkName: string;
  year: number;
  meetings: number;
  partners: { current: number; joinedInYear: number };
  offers: number;
  consultations: { total: number; toSpecialists: number; caseExamples: number };
  referrals: { total: number; accepted: number; declined: number; open: number; deadlineMissed: number };
  register: { total: number; recordedInYear: number; byStatus: Record<string, number>; proposals: number };
  goals: { total: number; byStatus: Record<GoalStatus, number> };
}

/** The calendar year of an ISO instant, in Berlin (the committee's year). */
export function berlinYear(iso: string): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(new Date(iso)));
}
