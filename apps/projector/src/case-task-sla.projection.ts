import type { StoredEvent } from '@hilfenetz/contracts';
import { caseIdFromStreamId, taskSlaStep } from '@hilfenetz/domain';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * The timeline's SLA figures per task of a case (table case_task_sla): opened by the first event
 * naming the task, the first acknowledgement, every escalation (rules: taskSlaStep, the same the
 * API's foldTaskSla applies to a list). An answer stored before its task's opening event (older
 * crises) makes a row without opening that counts once the opening arrives, as foldTaskSla does.
 */
export class CaseTaskSlaProjection implements Projection {
  readonly name = 'case-task-sla';
  readonly tables = ['case_task_sla'];

  /**
   * A batch's steps folded per task first (the first opening, the first acknowledgement, the
   * number of escalations), then written in one statement: a crisis's five notifications, their
   * attempts and answers were five to fifteen round trips of one transaction.
   */
  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    const rows = new Map<string, SlaRow>();
    for (const e of events) {
      const caseId = caseIdFromStreamId(e.streamId);
      if (caseId === null) continue;
      const step = taskSlaStep(e.type, e.data as Record<string, unknown>);
      if (step.kind === 'none' || step.kind === 'answers') continue;
      const key = `${caseId}\u0000${step.key}`;
      const row: SlaRow = rows.get(key) ?? {
        case_id: caseId,
        task_key: step.key,
        crisis_id: step.crisisId,
        task_id: step.taskId,
        party: null,
        opened_version: null,
        opened_at: null,
        acknowledged_at: null,
        escalations: 0,
      };
      if (step.kind === 'opens') {
        if (row.opened_at === null) {
          row.party = step.party;
          row.opened_version = e.streamVersion;
          row.opened_at = e.recordedAt;
        }
      } else if (step.kind === 'acknowledges') {
        row.acknowledged_at ??= e.recordedAt;
      } else {
        row.escalations += 1;
      }
      rows.set(key, row);
    }
    if (rows.size === 0) return;
    // As the steps one by one did: an opening only where none is recorded yet, the first
    // acknowledgement stays, escalations add up.
    await m.query(
      `INSERT INTO case_task_sla AS s
         (case_id, task_key, crisis_id, task_id, party, opened_version, opened_at, acknowledged_at, escalations)
       SELECT case_id, task_key, crisis_id, task_id, party, opened_version, opened_at, acknowledged_at, escalations
         FROM jsonb_to_recordset($1::jsonb) AS r(case_id text, task_key text, crisis_id text, task_id text, party text,
              opened_version integer, opened_at timestamptz, acknowledged_at timestamptz, escalations integer)
       ON CONFLICT (case_id, task_key) DO UPDATE SET
         party = CASE WHEN s.opened_at IS NULL AND EXCLUDED.opened_at IS NOT NULL THEN EXCLUDED.party ELSE s.party END,
         opened_version = CASE WHEN s.opened_at IS NULL AND EXCLUDED.opened_at IS NOT NULL
                               THEN EXCLUDED.opened_version ELSE s.opened_version END,
         opened_at = COALESCE(s.opened_at, EXCLUDED.opened_at),
         acknowledged_at = COALESCE(s.acknowledged_at, EXCLUDED.acknowledged_at),
         escalations = s.escalations + EXCLUDED.escalations`,
      [JSON.stringify([...rows.values()])],
    );
  }
}

interface SlaRow {
  case_id: string;
  task_key: string;
  crisis_id: string | null;
  task_id: string;
  party: string | null;
  opened_version: number | null;
  opened_at: string | null;
  acknowledged_at: string | null;
  escalations: number;
}
