import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import { caseIdFromStreamId, reportMonthOf } from '@hilfenetz/domain';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * The lead office's items at the interfaces that it may annotate with a cause (issue 18 §3, ADR
 * 0036): every escalation, decline and contact not reached of a crisis, at the organisation that
 * held the task then, with the annotation once there is one; and every missed deadline of a §4 KKG
 * feedback or a §8a step, at the lead office that owed it (ADR 0041). This read model is NOT anonymous (it
 * names case and crisis); the anonymous side is `QualityCauseFactsProjection`.
 */
export class QualityInterfaceItemsProjection implements Projection {
  readonly name = 'quality-interface-items';
  readonly tables = ['quality_item_crises', 'quality_item_tasks', 'quality_interface_items', 'quality_item_processes'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) await this.apply(m, stored);
  }

  private async apply(m: EntityManager, stored: StoredEvent): Promise<void> {
    const e = asKnownEvent(stored);
    if (!e) return;
    switch (e.type) {
      case 'CrisisTriggered':
        await m.query(
          `INSERT INTO quality_item_crises (crisis_id, case_id, agreement_id, month) VALUES ($1, $2, $3, $4)
           ON CONFLICT (crisis_id) DO NOTHING`,
          [
            e.data.crisisId,
            caseIdFromStreamId(stored.streamId) ?? e.data.caseId,
            e.data.agreement?.agreementId ?? null,
            reportMonthOf(e.data.triggeredAt),
          ],
        );
        return;
      case 'PartyNotified':
        await m.query(
          `INSERT INTO quality_item_tasks (crisis_id, task_id, party, organisation_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (crisis_id, task_id) DO NOTHING`,
          [e.data.crisisId, e.data.taskId, e.data.party, e.data.organisationId],
        );
        return;
      case 'TaskEscalated':
        // The item belongs to the organisation that held the task when it failed; then the task moves on.
        await this.item(m, stored, e.data.crisisId, e.data.taskId, 'escalation', e.data.cause, stored.eventId);
        await m.query(`UPDATE quality_item_tasks SET organisation_id = $3 WHERE crisis_id = $1 AND task_id = $2`, [
          e.data.crisisId,
          e.data.taskId,
          e.data.toOrganisationId,
        ]);
        return;
      case 'TaskDeclined':
        return this.item(m, stored, e.data.crisisId, e.data.taskId, 'decline', null, stored.eventId);
      case 'ContactNotReached':
      case 'NotificationFailed':
        // Both may record the same failed contact: one item per contact of a task.
        return this.item(
          m,
          stored,
          e.data.crisisId,
          e.data.taskId,
          'not_reached',
          null,
          `not_reached|${e.data.crisisId}|${e.data.taskId}|${e.data.contactId}`,
        );
      case 'KkgReportReceived':
        return this.process(m, e.data.reportId, e.data.caseId, e.data.leadOrganisationId);
      case 'RiskAssessmentStarted':
        return this.process(m, e.data.assessmentId, e.data.caseId, e.data.leadOrganisationId);
      case 'KkgFeedbackReminderSent':
      case 'KkgFeedbackOverdueEscalated':
        // The first passing of the deadline is the miss; the escalation after the reminder is the same item.
        return this.deadlineItem(m, stored, 'kkg_feedback_missed', e.data.reportId, 'kkg_feedback', e.data.missedDueAt);
      case 'RiskAssessmentReminderSent':
      case 'RiskAssessmentEscalated':
        return this.deadlineItem(
          m,
          stored,
          'risk_assessment_deadline_missed',
          e.data.assessmentId,
          e.data.step,
          e.data.missedDueAt,
        );
      case 'InterfaceItemAnnotated':
        // A missed deadline has no crisis agreement of its own: it takes the one it was annotated under.
        await m.query(
          `UPDATE quality_interface_items
           SET category = $2, note = $3, annotated_at = $4, agreement_id = COALESCE(agreement_id, $5)
           WHERE item_id = $1`,
          [
            e.data.itemId,
            e.data.category,
            e.data.note === undefined ? null : JSON.stringify(e.data.note),
            e.data.annotatedAt,
            e.data.agreementId,
          ],
        );
        return;
      default:
        return;
    }
  }

  private async process(m: EntityManager, processId: string, caseId: string, leadOrganisationId: string) {
    await m.query(
      `INSERT INTO quality_item_processes (process_id, case_id, lead_organisation_id) VALUES ($1, $2, $3)
       ON CONFLICT (process_id) DO NOTHING`,
      [processId, caseId, leadOrganisationId],
    );
  }

  /**
   * One item per step of a process whose deadline passed, at the lead office (party youth_office).
   * Its agreement stays open until the lead office annotates it under one of its agreements.
   */
  private async deadlineItem(
    m: EntityManager,
    stored: StoredEvent,
    kind: 'kkg_feedback_missed' | 'risk_assessment_deadline_missed',
    processId: string,
    step: string,
    missedDueAt: string,
  ): Promise<void> {
    // The item is of the month and time the deadline passed: the same on every replay.
    await m.query(
      `INSERT INTO quality_interface_items
         (item_id, dedupe_key, kind, escalation_cause, case_id, crisis_id, task_id, party, organisation_id,
          agreement_id, month, occurred_at)
       SELECT $1, $2, $3, NULL, p.case_id, p.process_id, $4, 'youth_office', p.lead_organisation_id, NULL, $5, $6
       FROM quality_item_processes p WHERE p.process_id = $7
       ON CONFLICT DO NOTHING`,
      [stored.eventId, `${kind}|${processId}|${step}`, kind, step, reportMonthOf(missedDueAt), missedDueAt, processId],
    );
  }

  private async item(
    m: EntityManager,
    stored: StoredEvent,
    crisisId: string,
    taskId: string,
    kind: 'escalation' | 'decline' | 'not_reached',
    escalationCause: string | null,
    dedupeKey: string,
  ): Promise<void> {
    // Tasks of crises older than this read model (no PartyNotified seen) are skipped, not guessed.
    await m.query(
      `INSERT INTO quality_interface_items
         (item_id, dedupe_key, kind, escalation_cause, case_id, crisis_id, task_id, party, organisation_id,
          agreement_id, month, occurred_at)
       SELECT $1, $2, $3, $4, c.case_id, c.crisis_id, t.task_id, t.party, t.organisation_id, c.agreement_id, c.month, $7
       FROM quality_item_crises c JOIN quality_item_tasks t ON t.crisis_id = c.crisis_id
       WHERE c.crisis_id = $5 AND t.task_id = $6
       ON CONFLICT DO NOTHING`,
      [stored.eventId, dedupeKey, kind, escalationCause, crisisId, taskId, stored.recordedAt],
    );
  }
}
