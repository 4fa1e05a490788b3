import { eventSchemas, type Actor } from '@hilfenetz/contracts';
import { networkStreamId } from '@hilfenetz/domain';
import { InvalidEvent, type PostgresEventStore } from '@hilfenetz/event-store';
import { ApplicationFailure } from '@temporalio/activity';
import { workflowEventId } from './event-ids';
import type { WorkflowOrigin } from './record-workflow-step';

/**
 * Appends a network workflow's step (a meeting's, a contact confirmation's) to the network's
 * stream, with ids derived from the workflow and the step: a retried activity appends nothing new.
 * The API's commands on the network append against a version and retry; the workflows' steps are
 * ordered by the workflow itself.
 */
export async function recordNetworkStep(
  store: PostgresEventStore,
  origin: WorkflowOrigin,
  input: {
    networkId: string;
    step: string;
    events: { type: string; data: unknown }[];
    actor: Actor;
    correlationId: string;
  },
): Promise<{ eventIds: string[] }> {
  const events = input.events.map((e, i) => ({
    eventId: workflowEventId(origin.workflowId, `${input.step}#${i}`),
    type: e.type,
    schemaVersion: eventSchemas[e.type]!.schemaVersion,
    data: e.data,
    metadata: {
      actorId: input.actor.id,
      actorRole: input.actor.role,
      organisationId: input.actor.organisationId,
      correlationId: input.correlationId,
      workflowId: origin.workflowId,
      workflowRunId: origin.runId,
    },
  }));
  await store.append(networkStreamId(input.networkId), events, 'any').catch((err: unknown) => {
    // A refused event is a bug in the workflow's decision: retrying cannot fix it.
    if (err instanceof InvalidEvent) throw ApplicationFailure.nonRetryable(err.message, 'InvalidEvent');
    throw err;
  });
  return { eventIds: events.map((e) => e.eventId) };
}
