import {
  partySlaFigures,
  secondsToAcknowledge,
  taskSlaStep,
  type PartySlaFigures,
  type TaskSlaFigures,
} from './task-sla';

/** The parts of a timeline entry the SLA figures look at. */
export interface SlaInput {
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * Time to acknowledge and escalations per task and per party over a case's entries in stream
 * order (the rules: taskSlaStep), all at once. The projector keeps the same figures row by row in
 * `case_task_sla`, which the timeline reads; this fold is the reference it must agree with
 * (tests/integration/case-task-sla.test.ts).
 */
export function foldTaskSla(entries: SlaInput[]): { parties: PartySlaFigures[]; tasks: TaskSlaFigures[] } {
  const tasks = new Map<string, TaskSlaFigures>();
  /**
   * Answers stored before the event that opened their task. Crises recorded before the workflow
   * wrote its steps in decision order (patch log-order-follows-decisions) can hold an
   * acknowledgement ahead of its notification; it still counts once the task is seen open.
   */
  const early = new Map<string, { acknowledgedAt: string | null; escalations: number }>();
  for (const e of entries) {
    const step = taskSlaStep(e.type, e.data);
    if (step.kind === 'none') continue;
    const task = tasks.get(step.key);
    if (!task) {
      if (step.kind === 'opens') {
        const before = early.get(step.key);
        early.delete(step.key);
        const acknowledgedAt = before?.acknowledgedAt ?? null;
        tasks.set(step.key, {
          crisisId: step.crisisId,
          taskId: step.taskId,
          party: step.party,
          openedAt: e.occurredAt,
          acknowledgedAt,
          secondsToAcknowledge: secondsToAcknowledge(e.occurredAt, acknowledgedAt),
          escalations: before?.escalations ?? 0,
        });
      } else {
        const before = early.get(step.key) ?? { acknowledgedAt: null, escalations: 0 };
        if (step.kind === 'acknowledges') before.acknowledgedAt ??= e.occurredAt;
        if (step.kind === 'escalates') before.escalations += 1;
        early.set(step.key, before);
      }
      continue;
    }
    if (step.kind === 'acknowledges' && task.acknowledgedAt === null) {
      task.acknowledgedAt = e.occurredAt;
      task.secondsToAcknowledge = secondsToAcknowledge(task.openedAt, e.occurredAt);
    } else if (step.kind === 'escalates') {
      task.escalations += 1;
    }
  }
  const all = [...tasks.values()];
  return { parties: partySlaFigures(all), tasks: all };
}
