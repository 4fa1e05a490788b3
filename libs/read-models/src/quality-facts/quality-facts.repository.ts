import type { CrisisParty } from '@hilfenetz/contracts';
import type { CauseQualityFact, NetworkQualityFact, TaskQualityFact } from '@hilfenetz/domain';
import type { Sql } from '../case-facts/case-facts.table';

interface TaskRow {
  month: string;
  party: CrisisParty;
  organisation_id: string;
  ack_latency_seconds: number | null;
  declined: boolean;
  decline_category: string | null;
  escalated_deadline_missed: boolean;
  escalated_declined: boolean;
  escalated_not_reached: boolean;
  supervisor_alerted: boolean;
  notification_fallback: boolean;
  contact_not_reached: boolean;
  guardian_unreachable: boolean;
}

/**
 * The quality report's facts (tables quality_*, migration 170, kept by the projector). What it
 * answers carries no key of a row: the report needs months, interfaces and figures only.
 */
export class QualityFactsRepository {
  constructor(private readonly sql: Sql) {}

  /** The crisis tasks of crises under `agreementId` triggered in the months from..to (YYYY-MM). */
  async tasks(agreementId: string, from: string, to: string): Promise<TaskQualityFact[]> {
    const rows: TaskRow[] = await this.sql.query(
      `SELECT month, party, organisation_id, ack_latency_seconds, declined, decline_category, escalated_deadline_missed,
              escalated_declined, escalated_not_reached, supervisor_alerted, notification_fallback,
              contact_not_reached, guardian_unreachable
       FROM quality_task_facts WHERE agreement_id = $1 AND month BETWEEN $2 AND $3`,
      [agreementId, from, to],
    );
    return rows.map((r) => ({
      month: r.month,
      party: r.party,
      organisationId: r.organisation_id,
      acknowledgementLatencySeconds: r.ack_latency_seconds,
      declined: r.declined,
      declineCategory: r.decline_category,
      escalatedDeadlineMissed: r.escalated_deadline_missed,
      escalatedDeclined: r.escalated_declined,
      escalatedNotReached: r.escalated_not_reached,
      supervisorAlerted: r.supervisor_alerted,
      notificationFallback: r.notification_fallback,
      contactNotReached: r.contact_not_reached,
      guardianUnreachable: r.guardian_unreachable,
    }));
  }

  /**
   * §4 KKG reports and §8a assessments led by `leadOrganisations` (events name the lead office, not
   * the agreement), and discharges of crises under `agreementId`, in the months from..to.
   */
  async network(
    agreementId: string,
    leadOrganisations: readonly string[],
    from: string,
    to: string,
  ): Promise<NetworkQualityFact[]> {
    const facts: { kind: string; month: string; in_time: boolean | null; decided: boolean; late_steps: number }[] =
      await this.sql.query(
        `SELECT kind, month, in_time, decided, late_steps FROM quality_network_facts
         WHERE organisation_id = ANY($1::text[]) AND month BETWEEN $2 AND $3`,
        [leadOrganisations, from, to],
      );
    const discharges: { month: string; days: number | null }[] = await this.sql.query(
      `SELECT discharge_month AS month, discharge_to_meeting_days AS days FROM quality_crises
       WHERE agreement_id = $1 AND discharge_month BETWEEN $2 AND $3`,
      [agreementId, from, to],
    );
    return [
      ...facts.map((f): NetworkQualityFact =>
        f.kind === 'kkg_feedback'
          ? { kind: 'kkg_feedback', month: f.month, inTime: f.in_time }
          : { kind: 'risk_assessment', month: f.month, decided: f.decided, lateSteps: f.late_steps },
      ),
      ...discharges.map((d): NetworkQualityFact => ({ kind: 'discharge_to_meeting', month: d.month, days: d.days })),
    ];
  }

  /** The cause annotations of items at the interfaces under `agreementId` in the months from..to. */
  async causes(agreementId: string, from: string, to: string): Promise<CauseQualityFact[]> {
    const rows: { month: string; party: CrisisParty; organisation_id: string; category: string }[] =
      await this.sql.query(
        `SELECT month, party, organisation_id, category FROM quality_cause_facts
         WHERE agreement_id = $1 AND month BETWEEN $2 AND $3`,
        [agreementId, from, to],
      );
    return rows.map((r) => ({
      month: r.month,
      party: r.party,
      organisationId: r.organisation_id,
      category: r.category,
    }));
  }
}
