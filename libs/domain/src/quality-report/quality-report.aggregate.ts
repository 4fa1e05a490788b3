import {
  suppressedCell,
  type CrisisParty,
  type InterfaceFigures,
  type NetworkFigures,
  type QualityCell,
  type QualityReport,
} from '@hilfenetz/contracts';
import type { CauseCategoryDefinition } from './cause-categories';
import type { DeclineReasonCategoryDefinition } from '../crisis/decline-reason-categories';
import type { CauseQualityFact, NetworkQualityFact, TaskQualityFact } from './quality-facts';
import { monthsBetween } from './report-month';
import { countCell, median, MIN_CELL_CASES, p90, statisticCell } from './suppression';

export interface QualityReportInput {
  agreementId: string;
  from: string;
  to: string;
  tasks: readonly TaskQualityFact[];
  network: readonly NetworkQualityFact[];
  /** The organisations' names from the agreement; an organisation not named there shows its id. */
  organisationNames: ReadonlyMap<string, string>;
  /** The lead offices' cause annotations (any period; those outside it are ignored). */
  causes?: readonly CauseQualityFact[];
  /** The agreement's cause categories, in its order; a category not listed is not shown. */
  causeCategories?: readonly CauseCategoryDefinition[];
  /** The agreement's decline reason categories, in its order; a category not listed is not shown. */
  declineReasonCategories?: readonly DeclineReasonCategoryDefinition[];
}

const partyOrder: readonly CrisisParty[] = ['youth_office', 'provider', 'guardian', 'ambulance', 'clinic'];

/**
 * Aggregates the facts of a period into the anonymised report: per interface (party and
 * organisation) and month, every cell suppressed below MIN_CELL_CASES cases. Facts outside the
 * period are ignored, so a caller may pass more.
 */
export function buildQualityReport(input: QualityReportInput): QualityReport {
  const months = monthsBetween(input.from, input.to);
  const inPeriod = new Set(months);
  const tasks = input.tasks.filter((t) => inPeriod.has(t.month));
  const causes = (input.causes ?? []).filter((c) => inPeriod.has(c.month));
  const network = input.network.filter((f) => inPeriod.has(f.month));

  const byInterface = new Map<string, TaskQualityFact[]>();
  // An interface with annotated causes but no crisis task in the period (a lead office's missed §4
  // KKG / §8a deadlines, ADR 0041) is listed too, with its (empty) task figures.
  const interfaceOf = new Map<string, Pick<TaskQualityFact, 'party' | 'organisationId'>>();
  for (const c of causes) {
    const key = `${c.party}\u0000${c.organisationId}`;
    if (!interfaceOf.has(key)) interfaceOf.set(key, { party: c.party, organisationId: c.organisationId });
    if (!byInterface.has(key)) byInterface.set(key, []);
  }
  for (const t of tasks) {
    const key = `${t.party}\u0000${t.organisationId}`;
    // Appended in place: copying the list per fact made a year of a district quadratic.
    const list = byInterface.get(key);
    if (list) list.push(t);
    else byInterface.set(key, [t]);
  }
  const interfaces = [...byInterface.entries()]
    .map(([key, facts]) => {
      const { party, organisationId } = (facts[0] ?? interfaceOf.get(key)) as TaskQualityFact;
      return {
        party,
        organisationId,
        organisationName: input.organisationNames.get(organisationId) ?? organisationId,
        // Period totals only: a category per month would rarely reach five cases.
        causes: (input.causeCategories ?? []).map((c) => ({
          category: c.id,
          label: c.label,
          items: countCell(
            causes.filter((f) => f.party === party && f.organisationId === organisationId && f.category === c.id)
              .length,
          ),
        })),
        // The interface's declines per reason category over the period (a month would rarely reach five).
        declineReasons: (input.declineReasonCategories ?? []).map((c) => ({
          category: c.id,
          label: c.label,
          declines: countCell(facts.filter((f) => f.declined && f.declineCategory === c.id).length),
        })),
        total: protectTotal(
          interfaceFigures(facts),
          months.map((month) => interfaceCounts(facts.filter((f) => f.month === month))),
        ),
        byMonth: months.map((month) => ({ month, ...interfaceFigures(facts.filter((f) => f.month === month)) })),
      };
    })
    .sort(
      (a, b) =>
        partyOrder.indexOf(a.party) - partyOrder.indexOf(b.party) ||
        a.organisationName.localeCompare(b.organisationName, 'de'),
    );

  return {
    agreementId: input.agreementId,
    from: input.from,
    to: input.to,
    minimumCases: MIN_CELL_CASES,
    months,
    interfaces,
    network: {
      total: protectTotal(
        networkFigures(network),
        months.map((month) => networkCounts(network.filter((f) => f.month === month))),
      ),
      byMonth: months.map((month) => ({ month, ...networkFigures(network.filter((f) => f.month === month)) })),
    },
  };
}

/**
 * Secondary suppression of a period's total: when the months a count hides add up to 1–4 cases,
 * the total minus the shown months would give them away, so the total is hidden as well.
 */
function protectTotal<F extends Record<string, QualityCell>>(total: F, months: readonly Record<string, number>[]): F {
  const guarded: Record<string, QualityCell> = { ...total };
  for (const key of Object.keys(months[0] ?? {})) {
    const hidden = months.reduce((sum, m) => {
      const n = m[key] ?? 0;
      return n < MIN_CELL_CASES ? sum + n : sum;
    }, 0);
    if (hidden > 0 && hidden < MIN_CELL_CASES) guarded[key] = suppressedCell;
  }
  return guarded as F;
}

/** The raw counts behind an interface's count cells (never answered: only `protectTotal` sees them). */
function interfaceCounts(facts: readonly TaskQualityFact[]): Record<string, number> {
  const count = (pick: (f: TaskQualityFact) => boolean) => facts.filter(pick).length;
  return {
    tasks: facts.length,
    acknowledged: count((f) => f.acknowledgementLatencySeconds !== null),
    declined: count((f) => f.declined),
    escalatedDeadlineMissed: count((f) => f.escalatedDeadlineMissed),
    escalatedDeclined: count((f) => f.escalatedDeclined),
    escalatedNotReached: count((f) => f.escalatedNotReached),
    supervisorAlerted: count((f) => f.supervisorAlerted),
    notificationFallback: count((f) => f.notificationFallback),
    contactNotReached: count((f) => f.contactNotReached),
    guardianUnreachable: count((f) => f.guardianUnreachable),
  };
}

function interfaceFigures(facts: readonly TaskQualityFact[]): InterfaceFigures {
  const counts = interfaceCounts(facts);
  const latencies = facts.flatMap((f) =>
    f.acknowledgementLatencySeconds === null ? [] : [f.acknowledgementLatencySeconds],
  );
  return {
    tasks: countCell(counts.tasks ?? 0),
    acknowledged: countCell(counts.acknowledged ?? 0),
    latencyMedianSeconds: statisticCell(latencies, median),
    latencyP90Seconds: statisticCell(latencies, p90),
    declined: countCell(counts.declined ?? 0),
    escalatedDeadlineMissed: countCell(counts.escalatedDeadlineMissed ?? 0),
    escalatedDeclined: countCell(counts.escalatedDeclined ?? 0),
    escalatedNotReached: countCell(counts.escalatedNotReached ?? 0),
    supervisorAlerted: countCell(counts.supervisorAlerted ?? 0),
    notificationFallback: countCell(counts.notificationFallback ?? 0),
    contactNotReached: countCell(counts.contactNotReached ?? 0),
    guardianUnreachable: countCell(counts.guardianUnreachable ?? 0),
  };
}

function networkCounts(facts: readonly NetworkQualityFact[]): Record<string, number> {
  const kkg = facts.filter((f) => f.kind === 'kkg_feedback');
  const assessments = facts.filter((f) => f.kind === 'risk_assessment');
  return {
    dischargesWithMeeting: facts.filter((f) => f.kind === 'discharge_to_meeting' && f.days !== null).length,
    kkgReports: kkg.length,
    kkgFeedbackInTime: kkg.filter((f) => f.inTime === true).length,
    kkgFeedbackLate: kkg.filter((f) => f.inTime === false).length,
    riskAssessments: assessments.length,
    riskAssessmentsDecided: assessments.filter((f) => f.decided).length,
    riskAssessmentsWithLateStep: assessments.filter((f) => f.lateSteps > 0).length,
  };
}

function networkFigures(facts: readonly NetworkQualityFact[]): NetworkFigures {
  const counts = networkCounts(facts);
  const meetingDays = facts.flatMap((f) => (f.kind === 'discharge_to_meeting' && f.days !== null ? [f.days] : []));
  return {
    dischargesWithMeeting: countCell(counts.dischargesWithMeeting ?? 0),
    dischargeToMeetingMedianDays: statisticCell(meetingDays, median),
    kkgReports: countCell(counts.kkgReports ?? 0),
    kkgFeedbackInTime: countCell(counts.kkgFeedbackInTime ?? 0),
    kkgFeedbackLate: countCell(counts.kkgFeedbackLate ?? 0),
    riskAssessments: countCell(counts.riskAssessments ?? 0),
    riskAssessmentsDecided: countCell(counts.riskAssessmentsDecided ?? 0),
    riskAssessmentsWithLateStep: countCell(counts.riskAssessmentsWithLateStep ?? 0),
  };
}
