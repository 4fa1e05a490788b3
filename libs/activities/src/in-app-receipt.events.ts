import type { Actor, EventMetadata, NewEvent } from '@hilfenetz/contracts';
import { deliveredStepOf, seenStepOf } from '@hilfenetz/domain';
import { stepEventId } from './record-workflow-step';

/*
 * An open client's receipts as the API records them in the log (docs/adr/0046), under the ids the
 * crisis workflow gives the same steps (`reach:<attempt>:delivered`, `seen:<task>/<person>`): a
 * receipt the API records and one the workflow records (a crisis started before the ADR) never
 * count twice, and a repeated receipt appends nothing new.
 */

/** The NotificationDelivered of an in-app attempt. */
export function inAppDeliveredEventId(crisisId: string, attemptId: string): string {
  return stepEventId(crisisId, deliveredStepOf(attemptId), 0);
}

/** The NotificationSeen of a task by one person (once per person and task). */
export function taskSeenEventId(crisisId: string, taskId: string, personId: string): string {
  return stepEventId(crisisId, seenStepOf(taskId, personId), 0);
}

export interface InAppReceipt {
  crisisId: string;
  taskId: string;
  by: Actor;
  at: string;
  /** The crisis's correlation id or the request's. */
  correlationId: string;
}

const metadataOf = (r: InAppReceipt): EventMetadata => ({
  actorId: r.by.id,
  actorRole: r.by.role,
  ...(r.by.organisationId ? { organisationId: r.by.organisationId } : {}),
  correlationId: r.correlationId,
  workflowId: r.crisisId,
});

/** The task's current in-app attempt arrived at an open client of its organisation. */
export function inAppDeliveredEvent(r: InAppReceipt, attempt: { attemptId: string; contactId: string }): NewEvent {
  return {
    eventId: inAppDeliveredEventId(r.crisisId, attempt.attemptId),
    type: 'NotificationDelivered',
    schemaVersion: 1,
    data: {
      crisisId: r.crisisId,
      taskId: r.taskId,
      contactId: attempt.contactId,
      attemptId: attempt.attemptId,
      channel: 'in_app',
      confirmedBy: r.by,
      deliveredAt: r.at,
    },
    metadata: metadataOf(r),
  };
}

/** A person of the holding organisation opened the task. */
export function taskSeenEvent(r: InAppReceipt): NewEvent {
  return {
    eventId: taskSeenEventId(r.crisisId, r.taskId, r.by.id),
    type: 'NotificationSeen',
    schemaVersion: 1,
    data: { crisisId: r.crisisId, taskId: r.taskId, seenBy: r.by, seenAt: r.at },
    metadata: metadataOf(r),
  };
}
