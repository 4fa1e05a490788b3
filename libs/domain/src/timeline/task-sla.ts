/**
 * What one event does to the SLA figures of the task it names, from its type alone, so new task
 * kinds count without a change here: the first event naming a task opens it, the first
 * `…Acknowledged` stops its clock, every `…Escalated` counts; `…Declined` and `…Alerted` are
 * answers that change no figure (but never open a task). Shared by the timeline's read model
 * (projector) and the API's computation over a list of entries, so both count alike.
 */
export type TaskSlaStep =
  | { kind: 'none' }
  | {
      kind: 'opens' | 'acknowledges' | 'escalates' | 'answers';
      /** `<crisisId>/<taskId>`: task ids are unique within their crisis. */
      key: string;
      crisisId: string | null;
      taskId: string;
      /** The party holding the task, as the opening event names it. */
      party: string;
    };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export function taskSlaStep(type: string, data: Record<string, unknown>): TaskSlaStep {
  const taskId = str(data.taskId);
  if (!taskId) return { kind: 'none' };
  const crisisId = str(data.crisisId);
  const base = {
    key: `${crisisId ?? ''}/${taskId}`,
    crisisId,
    taskId,
    party: str(data.party) ?? str(data.ownerParty) ?? 'unknown',
  };
  if (type.endsWith('Acknowledged')) return { kind: 'acknowledges', ...base };
  if (type.endsWith('Escalated')) return { kind: 'escalates', ...base };
  if (type.endsWith('Declined') || type.endsWith('Alerted')) return { kind: 'answers', ...base };
  return { kind: 'opens', ...base };
}

/** A task's figures once opened. */
export interface TaskSlaFigures {
  crisisId: string | null;
  taskId: string;
  party: string;
  openedAt: string;
  acknowledgedAt: string | null;
  secondsToAcknowledge: number | null;
  escalations: number;
}

/** Per party: its tasks, how many acknowledged, escalations, the slowest acknowledgement. */
export interface PartySlaFigures {
  party: string;
  tasks: number;
  acknowledged: number;
  escalations: number;
  maxSecondsToAcknowledge: number | null;
}

/** Seconds from opening to the first acknowledgement; never negative (answers stored early, see foldTaskSla). */
export function secondsToAcknowledge(openedAt: string, acknowledgedAt: string | null): number | null {
  return acknowledgedAt === null ? null : Math.max(0, (Date.parse(acknowledgedAt) - Date.parse(openedAt)) / 1000);
}

/** The per-party figures over tasks, sorted by party. */
export function partySlaFigures(tasks: readonly TaskSlaFigures[]): PartySlaFigures[] {
  const parties = new Map<string, PartySlaFigures>();
  for (const t of tasks) {
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
  return [...parties.values()].sort((a, b) => a.party.localeCompare(b.party));
}
