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

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const e of events) {
      const caseId = caseIdFromStreamId(e.streamId);
      if (caseId === null) continue;
      const step = taskSlaStep(e.type, e.data as Record<string, unknown>);
      if (step.kind === 'none' || step.kind === 'answers') continue;
      const row = [caseId, step.key, step.crisisId, step.taskId];
      if (step.kind === 'opens') {
        await m.query(
          `INSERT INTO case_task_sla (case_id, task_key, crisis_id, task_id, party, opened_version, opened_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (case_id, task_key) DO UPDATE
             SET party = EXCLUDED.party, opened_version = EXCLUDED.opened_version, opened_at = EXCLUDED.opened_at
             WHERE case_task_sla.opened_at IS NULL`,
          [...row, step.party, e.streamVersion, e.recordedAt],
        );
      } else if (step.kind === 'acknowledges') {
        await m.query(
          `INSERT INTO case_task_sla (case_id, task_key, crisis_id, task_id, acknowledged_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (case_id, task_key) DO UPDATE
             SET acknowledged_at = COALESCE(case_task_sla.acknowledged_at, EXCLUDED.acknowledged_at)`,
          [...row, e.recordedAt],
        );
      } else {
        await m.query(
          `INSERT INTO case_task_sla (case_id, task_key, crisis_id, task_id, escalations) VALUES ($1, $2, $3, $4, 1)
           ON CONFLICT (case_id, task_key) DO UPDATE SET escalations = case_task_sla.escalations + 1`,
          row,
        );
      }
    }
  }
}
