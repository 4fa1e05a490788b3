import type { CrisisParty, InterfaceFigures, NetworkFigures, QualityReport } from '@hilfenetz/contracts';
import type { NetworkQualityFact, TaskQualityFact } from './quality-facts';
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
  const network = input.network.filter((f) => inPeriod.has(f.month));

  const byInterface = new Map<string, TaskQualityFact[]>();
  for (const t of tasks) {
    const key = `${t.party}\u0000${t.organisationId}`;
    byInterface.set(key, [...(byInterface.get(key) ?? []), t]);
  }
  const interfaces = [...byInterface.values()]
    .map((facts) => {
      const { party, organisationId } = facts[0] as TaskQualityFact;
      return {
        party,
        organisationId,
        organisationName: input.organisationNames.get(organisationId) ?? organisationId,
        total: interfaceFigures(facts),
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
      total: networkFigures(network),
      byMonth: months.map((month) => ({ month, ...networkFigures(network.filter((f) => f.month === month)) })),
    },
  };
}

function interfaceFigures(facts: readonly TaskQualityFact[]): InterfaceFigures {
  const count = (pick: (f: TaskQualityFact) => boolean) => countCell(facts.filter(pick).length);
  const latencies = facts.flatMap((f) =>
    f.acknowledgementLatencySeconds === null ? [] : [f.acknowledgementLatencySeconds],
  );
  return {
    tasks: countCell(facts.length),
    acknowledged: countCell(latencies.length),
    latencyMedianSeconds: statisticCell(latencies, median),
    latencyP90Seconds: statisticCell(latencies, p90),
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

function networkFigures(facts: readonly NetworkQualityFact[]): NetworkFigures {
  const kkg = facts.filter((f) => f.kind === 'kkg_feedback');
  const assessments = facts.filter((f) => f.kind === 'risk_assessment');
  const meetingDays = facts.flatMap((f) => (f.kind === 'discharge_to_meeting' && f.days !== null ? [f.days] : []));
  return {
    dischargesWithMeeting: countCell(meetingDays.length),
    dischargeToMeetingMedianDays: statisticCell(meetingDays, median),
    kkgReports: countCell(kkg.length),
    kkgFeedbackInTime: countCell(kkg.filter((f) => f.inTime === true).length),
    kkgFeedbackLate: countCell(kkg.filter((f) => f.inTime === false).length),
    riskAssessments: countCell(assessments.length),
    riskAssessmentsDecided: countCell(assessments.filter((f) => f.decided).length),
    riskAssessmentsWithLateStep: countCell(assessments.filter((f) => f.lateSteps > 0).length),
  };
}
