import type { CrisisEvent, NotificationReason } from '@hilfenetz/contracts';
import { isActive, type CrisisState } from '../crisis/crisis.state';

/**
 * Someone who now holds a task (or must step in, the supervisor) and has to be reached. The
 * generation tells two turns of the same contact on one task apart (the guardian's chain returns
 * to the first number): `g0` the first contact, `g<n>` the contact of escalation step n-1, `s`
 * the supervisor.
 */
export interface ReachTarget {
  taskId: string;
  contactId: string;
  organisationId: string;
  generation: string;
  reason: NotificationReason;
  deadline: string | null;
}

/** The targets a recorded step creates: every assignment, escalation and alert in it. */
export function reachTargetsOf(events: readonly CrisisEvent[]): ReachTarget[] {
  return events.flatMap((e): ReachTarget[] => {
    switch (e.type) {
      case 'PartyNotified':
        return [
          {
            taskId: e.data.taskId,
            contactId: e.data.contactId,
            organisationId: e.data.organisationId,
            generation: 'g0',
            reason: 'task_assigned',
            deadline: e.data.deadline,
          },
        ];
      case 'FamilyCourtDecisionRequired':
        return [
          {
            taskId: e.data.taskId,
            contactId: e.data.contactId,
            organisationId: e.data.organisationId,
            generation: 'g0',
            reason: 'family_court_decision',
            deadline: e.data.deadline,
          },
        ];
      case 'TaskEscalated':
        return [
          {
            taskId: e.data.taskId,
            contactId: e.data.toContactId,
            organisationId: e.data.toOrganisationId,
            generation: `g${e.data.step + 1}`,
            reason: 'task_escalated',
            deadline: e.data.deadline,
          },
        ];
      case 'SupervisorAlerted':
        return [
          {
            taskId: e.data.taskId,
            contactId: e.data.supervisorContactId,
            organisationId: e.data.organisationId,
            generation: 's',
            reason: 'supervisor_alert',
            deadline: null,
          },
        ];
      default:
        return [];
    }
  });
}

/**
 * Whether the target still has to be reached: the crisis runs, the task is unanswered and has not
 * moved on to someone else. An acknowledgement (or a decline, an escalation, the end of the crisis)
 * ends every pending attempt for the target at once.
 */
export function stillToReach(state: CrisisState, target: ReachTarget): boolean {
  const task = state.tasks[target.taskId];
  if (!isActive(state) || !task || task.status !== 'open') return false;
  if (target.generation === 's') return true;
  const generation = task.step < 0 ? 'g0' : `g${task.step + 1}`;
  return generation === target.generation && task.contactId === target.contactId && !task.supervisorAlerted;
}

/** Our reference for one attempt, handed to the gateway and returned with its receipt. */
export function attemptIdFor(crisisId: string, target: ReachTarget, channelIndex: number): string {
  return `${crisisId}/${target.taskId}/${target.contactId}/${target.generation}/${channelIndex}`;
}

/**
 * The crisis workflow's step that records an attempt's delivery, and a person's first look at a
 * task: the event ids derive from them, so the API recording an open client's receipt
 * (docs/adr/0046) names the same steps.
 */
export function deliveredStepOf(attemptId: string): string {
  return `reach:${attemptId}:delivered`;
}

export function seenStepOf(taskId: string, personId: string): string {
  return `seen:${taskId}/${personId}`;
}

/** The crisis (= workflow id) an attempt reference belongs to, or null for a reference not ours. */
export function crisisIdOfAttempt(attemptId: string): string | null {
  const parts = attemptId.split('/');
  return parts.length === 5 && parts.every((p) => p.length > 0) ? parts[0]! : null;
}
