import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import { reportMonthOf } from '@hilfenetz/domain';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * A one-way key for a row: later events of the same crisis, task, §4 KKG report or §8a assessment
 * find their row by it, while the table holds no id a reader could look up elsewhere (ADR 0029).
 */
export const qualityKey = (...ids: string[]): string =>
  createHash('sha256')
    .update(`hilfenetz-quality\u0000${ids.join('\u0000')}`)
    .digest('hex');

/**
 * The facts behind the anonymised quality report for the Runder Tisch (issue 18 §3): per crisis
 * task its interface (party, organisation), agreement, month and what happened to it; per §4 KKG
 * report and §8a assessment whether its deadlines held; per discharge the days to the first
 * Hilfeplanung meeting. Never a case, crisis, task or subject id, a contact, a name or free text.
 */
export class QualityFactsProjection implements Projection {
  readonly name = 'quality-facts';
  readonly tables = ['quality_crises', 'quality_task_facts', 'quality_network_facts'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) await this.apply(m, stored);
  }

  private async apply(m: EntityManager, stored: StoredEvent): Promise<void> {
    const e = asKnownEvent(stored);
    if (!e) return;
    switch (e.type) {
      case 'CrisisTriggered': {
        const d = e.data;
        await m.query(
          `INSERT INTO quality_crises (crisis_key, agreement_id, month, triggered_at)
           VALUES ($1, $2, $3, $4) ON CONFLICT (crisis_key) DO NOTHING`,
          [qualityKey(d.crisisId), d.agreement?.agreementId ?? null, reportMonthOf(d.triggeredAt), d.triggeredAt],
        );
        return;
      }
      case 'PartyNotified': {
        const d = e.data;
        // The task belongs to the crisis's month and agreement, whenever it was notified.
        await m.query(
          `INSERT INTO quality_task_facts (task_key, crisis_key, agreement_id, month, party, organisation_id)
           SELECT $1, c.crisis_key, c.agreement_id, c.month, $3, $4 FROM quality_crises c WHERE c.crisis_key = $2
           ON CONFLICT (task_key) DO NOTHING`,
          [qualityKey(d.crisisId, d.taskId), qualityKey(d.crisisId), d.party, d.organisationId],
        );
        return;
      }
      case 'TaskAcknowledged': {
        const d = e.data;
        // The first acknowledgement counts; the arrival time, as every other latency in the log.
        await m.query(
          `UPDATE quality_task_facts t
           SET ack_latency_seconds = GREATEST(0, round(extract(epoch FROM ($2::timestamptz - c.triggered_at))))::int
           FROM quality_crises c
           WHERE t.task_key = $1 AND c.crisis_key = t.crisis_key AND t.ack_latency_seconds IS NULL`,
          [qualityKey(d.crisisId, d.taskId), d.acknowledgedAt],
        );
        return;
      }
      case 'TaskDeclined':
        // The category the party chose, if any (the first decline's, as the `declined` flag counts once).
        await m.query(
          `UPDATE quality_task_facts SET declined = true,
             decline_category = CASE WHEN declined THEN decline_category ELSE $2 END
           WHERE task_key = $1`,
          [qualityKey(e.data.crisisId, e.data.taskId), e.data.reasonCategory ?? null],
        );
        return;
      case 'TaskEscalated':
        return this.flag(
          m,
          e.data.crisisId,
          e.data.taskId,
          e.data.cause === 'deadline_missed'
            ? 'escalated_deadline_missed'
            : e.data.cause === 'declined'
              ? 'escalated_declined'
              : 'escalated_not_reached',
        );
      case 'SupervisorAlerted':
        return this.flag(m, e.data.crisisId, e.data.taskId, 'supervisor_alerted');
      case 'NotificationNotDelivered':
        return this.flag(m, e.data.crisisId, e.data.taskId, 'notification_fallback');
      case 'NotificationSent':
        if (e.data.failedAttempts.length > 0)
          return this.flag(m, e.data.crisisId, e.data.taskId, 'notification_fallback');
        return;
      case 'ContactNotReached':
      case 'NotificationFailed':
        return this.flag(m, e.data.crisisId, e.data.taskId, 'contact_not_reached');
      case 'GuardianUnreachable':
        return this.flag(m, e.data.crisisId, e.data.taskId, 'guardian_unreachable');
      case 'DischargeAnnounced':
        await m.query(
          `UPDATE quality_crises SET discharge_announced_at = $2, discharge_month = $3
           WHERE crisis_key = $1 AND discharge_announced_at IS NULL`,
          [qualityKey(e.data.crisisId), e.data.announcedAt, reportMonthOf(e.data.announcedAt)],
        );
        return;
      case 'HilfeplanungStarted':
        if (e.data.origin.kind !== 'discharge') return;
        await m.query(`UPDATE quality_crises SET planning_key = $2 WHERE crisis_key = $1 AND planning_key IS NULL`, [
          qualityKey(e.data.origin.crisisId),
          qualityKey('planning', e.data.planningId),
        ]);
        return;
      case 'MeetingScheduled':
        // The first meeting after the discharge; a rescheduled one keeps the first figure.
        await m.query(
          `UPDATE quality_crises
           SET discharge_to_meeting_days = GREATEST(0, floor(extract(epoch FROM ($2::timestamptz - discharge_announced_at)) / 86400))::int
           WHERE planning_key = $1 AND discharge_announced_at IS NOT NULL AND discharge_to_meeting_days IS NULL`,
          [qualityKey('planning', e.data.planningId), e.data.meetingAt],
        );
        return;
      case 'KkgReportReceived':
        await m.query(
          `INSERT INTO quality_network_facts (fact_key, kind, organisation_id, month, due_at)
           VALUES ($1, 'kkg_feedback', $2, $3, $4) ON CONFLICT (fact_key) DO NOTHING`,
          [
            qualityKey('kkg', e.data.reportId),
            e.data.leadOrganisationId,
            reportMonthOf(e.data.receivedAt),
            e.data.feedbackDueAt,
          ],
        );
        return;
      case 'KkgFeedbackGiven':
        await m.query(
          `UPDATE quality_network_facts SET in_time = ($2::timestamptz <= due_at) WHERE fact_key = $1 AND in_time IS NULL`,
          [qualityKey('kkg', e.data.reportId), e.data.givenAt],
        );
        return;
      case 'KkgFeedbackReminderSent':
      case 'KkgFeedbackOverdueEscalated':
        // The deadline passed without feedback: late, whenever it comes.
        await m.query(`UPDATE quality_network_facts SET in_time = false WHERE fact_key = $1 AND in_time IS NULL`, [
          qualityKey('kkg', e.data.reportId),
        ]);
        return;
      case 'RiskAssessmentStarted':
        await m.query(
          `INSERT INTO quality_network_facts (fact_key, kind, organisation_id, month)
           VALUES ($1, 'risk_assessment', $2, $3) ON CONFLICT (fact_key) DO NOTHING`,
          [qualityKey('risk', e.data.assessmentId), e.data.leadOrganisationId, reportMonthOf(e.data.startedAt)],
        );
        return;
      case 'RiskAssessmentReminderSent':
        await m.query(`UPDATE quality_network_facts SET late_steps = late_steps + 1 WHERE fact_key = $1`, [
          qualityKey('risk', e.data.assessmentId),
        ]);
        return;
      case 'RiskAssessmentDecided':
        await m.query(`UPDATE quality_network_facts SET decided = true WHERE fact_key = $1`, [
          qualityKey('risk', e.data.assessmentId),
        ]);
        return;
      default:
        return;
    }
  }

  private async flag(m: EntityManager, crisisId: string, taskId: string, column: TaskFlag): Promise<void> {
    await m.query(`UPDATE quality_task_facts SET ${column} = true WHERE task_key = $1`, [qualityKey(crisisId, taskId)]);
  }
}

type TaskFlag =
  | 'declined'
  | 'escalated_deadline_missed'
  | 'escalated_declined'
  | 'escalated_not_reached'
  | 'supervisor_alerted'
  | 'notification_fallback'
  | 'contact_not_reached'
  | 'guardian_unreachable';
