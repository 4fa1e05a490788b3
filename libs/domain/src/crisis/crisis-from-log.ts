import { type CrisisLiveState, type DeliveryEvent, type TaskDeliveryView } from '@hilfenetz/contracts';
import type { CaseStreamEvent } from '../case/case-facts';
import { evolveCrisis, isCrisisEvent } from './crisis.evolve';
import { initialCrisisState, type CrisisState } from './crisis.state';
import { crisisLiveState } from './crisis.view';

/** An event of the case stream, as far as this fold reads it. */
type LoggedEvent = Pick<CaseStreamEvent, 'type' | 'data'>;

/** Steps that answer or move a task the log must already hold. */
const STEPS_OF_A_TASK = new Set([
  'TaskAcknowledged',
  'TaskDeclined',
  'TaskEscalated',
  'SupervisorAlerted',
  'GuardianUnreachable',
]);

const DELIVERY_FACTS = new Set([
  'NotificationAttempted',
  'NotificationDelivered',
  'NotificationNotDelivered',
  'NotificationSeen',
  'ContactNotReached',
]);

/** How reaching a task's contact stands, and the attempt a receipt must answer to count. */
type Progress = Omit<TaskDeliveryView, 'seen'> & { attemptId: string | null };

/** The crisis's state and, per task, how reaching its contact stands, from the log. */
export interface CrisisLog {
  state: CrisisState;
  progress: Map<string, Progress>;
  seen: Set<string>;
}

/**
 * A crisis folded from what its case stream holds: the state its workflow keeps (the workflow
 * applies the same decide/evolve to the events it records) and the delivery of each task (the
 * attempts, receipts and "seen" it records). Null when the log cannot say: nothing of the crisis
 * recorded yet (its first step is still being written), or a step recorded before the task it
 * answers: crises started before the workflow's `log-order-follows-decisions` patch could write an
 * acknowledgement ahead of its notification, and folding that would show the task open again; such
 * a crisis is read from its workflow instead (docs/adr/0049).
 */
export function foldCrisisLog(events: readonly LoggedEvent[], crisisId: string): CrisisLog | null {
  let state: CrisisState = initialCrisisState;
  let triggered = false;
  const progress = new Map<string, Progress>();
  const seen = new Set<string>();
  for (const e of events) {
    if ((e.data as { crisisId?: unknown } | null)?.crisisId !== crisisId) continue;
    if (DELIVERY_FACTS.has(e.type)) {
      deliveryStep(e as DeliveryEvent, state, progress, seen);
      continue;
    }
    // The protocol's own events; anything else of the crisis does not change its state.
    if (!isCrisisEvent(e)) continue;
    const step = e;
    if (step.type === 'CrisisTriggered') triggered = true;
    if (STEPS_OF_A_TASK.has(step.type) && !state.tasks[(step.data as { taskId: string }).taskId]) return null;
    state = evolveCrisis(state, step);
  }
  return triggered ? { state, progress, seen } : null;
}

/**
 * One delivery fact, as the workflow's reach reports it: an attempt is being tried on its channel;
 * its receipt makes it delivered (a receipt of an attempt the reach has moved past changes nothing);
 * a contact no channel reached is not reached; a task opened by someone of the organisation
 * holding it is seen.
 */
function deliveryStep(e: DeliveryEvent, state: CrisisState, progress: Map<string, Progress>, seen: Set<string>) {
  switch (e.type) {
    case 'NotificationAttempted':
      progress.set(e.data.taskId, {
        contactId: e.data.contactId,
        state: 'trying',
        channel: e.data.channel,
        since: e.data.attemptedAt,
        attemptId: e.data.attemptId,
      });
      return;
    case 'NotificationDelivered':
      if (progress.get(e.data.taskId)?.attemptId !== e.data.attemptId) return;
      progress.set(e.data.taskId, {
        contactId: e.data.contactId,
        state: 'delivered',
        channel: e.data.channel,
        since: e.data.deliveredAt,
        attemptId: e.data.attemptId,
      });
      return;
    case 'ContactNotReached':
      progress.set(e.data.taskId, {
        contactId: e.data.contactId,
        state: 'not_reached',
        channel: null,
        since: e.data.recordedAt,
        attemptId: null,
      });
      return;
    case 'NotificationSeen':
      if (state.tasks[e.data.taskId]?.organisationId === e.data.seenBy.organisationId) seen.add(e.data.taskId);
      return;
    case 'NotificationNotDelivered':
      // The next channel's attempt says what is tried next.
      return;
  }
}

/** The board's view of a folded crisis: each task with its delivery, where its reach recorded one. */
export function crisisLiveStateFromLog(log: CrisisLog, ids: { crisisId: string; caseId: string }): CrisisLiveState {
  const live = crisisLiveState(log.state, ids);
  return {
    ...live,
    tasks: live.tasks.map((t) => {
      const p = log.progress.get(t.taskId);
      if (!p) return t;
      const { attemptId: _attempt, ...delivery } = p;
      return { ...t, delivery: { ...delivery, seen: log.seen.has(t.taskId) } };
    }),
  };
}
