import type { PartySlaFigure, TaskSlaFigure, TimelineSla } from '@hilfenetz/contracts';

/** The parts of a timeline entry the SLA figures look at. */
export interface SlaInput {
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const isAnswer = (type: string) => /(Acknowledged|Declined|Escalated|Alerted)$/.test(type);

/**
 * Time to acknowledge and escalations per task and per party, from event types alone, so new
 * task kinds count without a change here: the first event naming a task opens it, the first
 * `…Acknowledged` closes the clock, every `…Escalated` counts. Entries must be in stream order.
 */
export function computeSla(entries: SlaInput[]): TimelineSla {
  const tasks = new Map<string, TaskSlaFigure>();
  /**
   * Answers stored before the event that opened their task. Crises recorded before the workflow
   * wrote its steps in decision order (patch log-order-follows-decisions) can hold an
   * acknowledgement ahead of its notification; it still counts once the task is seen open.
   */
  const early = new Map<string, SlaInput[]>();
  const answer = (task: TaskSlaFigure, e: SlaInput) => {
    if (e.type.endsWith('Acknowledged') && task.acknowledgedAt === null) {
      task.acknowledgedAt = e.occurredAt;
      task.secondsToAcknowledge = Math.max(0, (Date.parse(e.occurredAt) - Date.parse(task.openedAt)) / 1000);
    } else if (e.type.endsWith('Escalated')) {
      task.escalations += 1;
    }
  };
  for (const e of entries) {
    const taskId = str(e.data.taskId);
    if (!taskId) continue;
    const crisisId = str(e.data.crisisId);
    const key = `${crisisId ?? ''}/${taskId}`;
    const task = tasks.get(key);
    if (task) {
      answer(task, e);
      continue;
    }
    if (isAnswer(e.type)) {
      early.set(key, [...(early.get(key) ?? []), e]);
      continue;
    }
    const opened: TaskSlaFigure = {
      crisisId,
      taskId,
      party: str(e.data.party) ?? str(e.data.ownerParty) ?? 'unknown',
      openedAt: e.occurredAt,
      acknowledgedAt: null,
      secondsToAcknowledge: null,
      escalations: 0,
    };
    tasks.set(key, opened);
    for (const before of early.get(key) ?? []) answer(opened, before);
    early.delete(key);
  }
  const parties = new Map<string, PartySlaFigure>();
  for (const t of tasks.values()) {
    const p = parties.get(t.party) ?? {
      party: t.party,
      tasks: 0,
      acknowledged: 0,
      escalations: 0,
      maxSecondsToAcknowledge: null,
    };
    p.tasks += 1;
    p.escalations += t.escalations;
    if (t.secondsToAcknowledge !== null) {
      p.acknowledged += 1;
      p.maxSecondsToAcknowledge = Math.max(p.maxSecondsToAcknowledge ?? 0, t.secondsToAcknowledge);
    }
    parties.set(t.party, p);
  }
  return {
    parties: [...parties.values()].sort((a, b) => a.party.localeCompare(b.party)),
    tasks: [...tasks.values()],
  };
}
