import { asKnownEvent, type PartyNotifiedData, type StoredEvent } from '@hilfenetz/contracts';
import { caseIdFromStreamId } from '@hilfenetz/domain';
import type { EntityManager } from 'typeorm';
import { applyProcessTask } from './process-task-inbox';
import type { Projection } from './projection';

/**
 * The task inbox: every crisis task with the organisation that holds it now, its deadline and its
 * state. Each organisation's inbox is a filter on this table; escalations move rows between inboxes.
 * Break-glass reviews, §8a steps and §4 KKG feedback are tasks here too (process-task-inbox.ts).
 */
export class TaskInboxProjection implements Projection {
  readonly name = 'task-inbox';
  readonly tables = ['task_inbox', 'task_in_app_reach'];

  /**
   * A crisis's five notifications arrive together: consecutive ones are inserted as one statement
   * (the order of everything else is kept: whatever comes between writes them first).
   */
  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    const notified: InboxRow[] = [];
    for (const stored of events) {
      const e = asKnownEvent(stored);
      const caseId = caseIdFromStreamId(stored.streamId);
      if (e?.type === 'PartyNotified' && caseId) {
        notified.push(notificationRow(e.data, caseId));
        continue;
      }
      if (notified.length > 0) await this.insert(m, notified.splice(0));
      await this.apply(m, stored);
    }
    if (notified.length > 0) await this.insert(m, notified);
  }

  private async apply(m: EntityManager, stored: StoredEvent): Promise<void> {
    const e = asKnownEvent(stored);
    // The reporter's note of a §4 KKG feedback is on its own stream (ADR 0041) and names its case.
    const caseId =
      caseIdFromStreamId(stored.streamId) ?? (e?.type === 'KkgFeedbackAcknowledged' ? e.data.caseId : null);
    if (!caseId || !e) return;
    const at = e.recordedAt;
    switch (e.type) {
      case 'PartyNotified': {
        await this.insert(m, [notificationRow(e.data, caseId)]);
        return;
      }
      case 'FamilyCourtDecisionRequired': {
        const d = e.data;
        await this.insert(m, [
          {
            crisisId: d.crisisId,
            taskId: d.taskId,
            caseId,
            kind: 'family_court_decision',
            party: d.ownerParty,
            organisationId: d.organisationId,
            contactId: d.contactId,
            createdAt: d.requiredAt,
            deadline: d.deadline,
          },
        ]);
        return;
      }
      case 'TaskEscalated': {
        const d = e.data;
        await m.query(
          `UPDATE task_inbox SET organisation_id = $3, contact_id = $4, deadline = $5, status = 'open',
             escalations = escalations + 1, updated_at = $6
           WHERE crisis_id = $1 AND task_id = $2`,
          [d.crisisId, d.taskId, d.toOrganisationId, d.toContactId, d.deadline, at],
        );
        return;
      }
      case 'SupervisorAlerted': {
        const d = e.data;
        await m.query(
          `UPDATE task_inbox SET organisation_id = $3, contact_id = $4, deadline = NULL, status = 'supervisor_alerted',
             escalations = escalations + 1, updated_at = $5
           WHERE crisis_id = $1 AND task_id = $2`,
          [d.crisisId, d.taskId, d.organisationId, d.supervisorContactId, at],
        );
        return;
      }
      case 'TaskAcknowledged': {
        const d = e.data;
        await m.query(
          `UPDATE task_inbox SET status = 'acknowledged', acknowledged_by = $3, acknowledged_at = $4, deadline = NULL,
             updated_at = $5
           WHERE crisis_id = $1 AND task_id = $2`,
          [d.crisisId, d.taskId, d.acknowledgedBy.id, d.acknowledgedAt, at],
        );
        return;
      }
      case 'AmbulanceDispatchReported': {
        // The dispatch number and ETA are part of the clinic's (and the board's) briefing: touching
        // the crisis's rows makes every inbox holding one of its tasks refresh live (the table's
        // trigger notifies each organisation).
        const d = e.data;
        await m.query(`UPDATE task_inbox SET updated_at = $2 WHERE crisis_id = $1`, [d.crisisId, at]);
        return;
      }
      case 'GuardianUnreachable': {
        const d = e.data;
        await m.query(
          `UPDATE task_inbox SET status = 'unreachable', deadline = NULL, updated_at = $3
           WHERE crisis_id = $1 AND task_id = $2`,
          [d.crisisId, d.taskId, at],
        );
        return;
      }
      case 'CrisisCancelled': {
        const d = e.data;
        await m.query(
          `UPDATE task_inbox SET status = 'closed', deadline = NULL, updated_at = $2
           WHERE crisis_id = $1 AND status IN ('open', 'supervisor_alerted')`,
          [d.crisisId, at],
        );
        return;
      }
      case 'NotificationAttempted': {
        // The task's current in-app attempt (docs/adr/0046): a new contact or generation replaces it.
        const d = e.data;
        if (d.channel !== 'in_app') return;
        await m.query(
          `INSERT INTO task_in_app_reach (crisis_id, task_id, attempt_id, contact_id, receipt_in_log, attempted_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (crisis_id, task_id) DO UPDATE
             SET attempt_id = EXCLUDED.attempt_id, contact_id = EXCLUDED.contact_id,
                 receipt_in_log = EXCLUDED.receipt_in_log, attempted_at = EXCLUDED.attempted_at,
                 delivered_at = NULL, seen = false
           WHERE task_in_app_reach.attempt_id <> EXCLUDED.attempt_id`,
          [d.crisisId, d.taskId, d.attemptId, d.contactId, d.receiptInLog === true, d.attemptedAt],
        );
        return;
      }
      case 'NotificationDelivered': {
        const d = e.data;
        if (d.channel !== 'in_app') return;
        await m.query(
          `UPDATE task_in_app_reach SET delivered_at = COALESCE(delivered_at, $4)
           WHERE crisis_id = $1 AND task_id = $2 AND attempt_id = $3`,
          [d.crisisId, d.taskId, d.attemptId, d.deliveredAt],
        );
        return;
      }
      case 'NotificationSeen': {
        const d = e.data;
        await m.query(`UPDATE task_in_app_reach SET seen = true WHERE crisis_id = $1 AND task_id = $2`, [
          d.crisisId,
          d.taskId,
        ]);
        return;
      }
      default:
        await applyProcessTask(m, stored, e, caseId);
        return;
    }
  }

  /** New tasks; a task already there (a redelivery) stays as it is. */
  private insert(m: EntityManager, rows: InboxRow[]): Promise<unknown> {
    return m.query(
      `INSERT INTO task_inbox (crisis_id, task_id, case_id, kind, party, organisation_id, contact_id, status, deadline,
         created_at, updated_at)
       SELECT crisis_id, task_id, case_id, kind, party, organisation_id, contact_id, 'open', deadline,
              created_at, created_at
         FROM jsonb_to_recordset($1::jsonb) AS r(crisis_id text, task_id text, case_id text, kind text, party text,
              organisation_id text, contact_id text, deadline timestamptz, created_at timestamptz)
       ON CONFLICT (crisis_id, task_id) DO NOTHING`,
      [
        JSON.stringify(
          rows.map((t) => ({
            crisis_id: t.crisisId,
            task_id: t.taskId,
            case_id: t.caseId,
            kind: t.kind,
            party: t.party,
            organisation_id: t.organisationId,
            contact_id: t.contactId,
            deadline: t.deadline,
            created_at: t.createdAt,
          })),
        ),
      ],
    );
  }
}

interface InboxRow {
  crisisId: string;
  taskId: string;
  caseId: string;
  kind: string;
  party: string;
  organisationId: string;
  contactId: string;
  createdAt: string;
  deadline: string;
}

const notificationRow = (d: PartyNotifiedData, caseId: string): InboxRow => ({
  ...d,
  caseId,
  kind: 'crisis_notification',
  createdAt: d.notifiedAt,
  deadline: d.deadline,
});
