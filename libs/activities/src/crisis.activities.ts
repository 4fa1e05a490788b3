import { caseStreamId } from '@hilfenetz/domain';
import {
  crisisEventSchemas,
  type CrisisActivities,
  type NewEvent,
  type RecordCrisisStepInput,
  type RecordCrisisStepResult,
} from '@hilfenetz/contracts';
import { InvalidEvent, type PostgresEventStore } from '@hilfenetz/event-store';
import { ApplicationFailure } from '@temporalio/activity';
import { workflowEventId } from './event-ids';

export interface ActivityDeps {
  eventStore: PostgresEventStore;
}

/** Where an activity runs: taken from Temporal's activity context by the worker, passed in here. */
export interface WorkflowOrigin {
  workflowId: string;
  runId: string;
}

/**
 * Appends the events a workflow step decided, with ids derived from the workflow and the step:
 * a retried activity (timeout, worker crash) finds them stored and appends nothing new.
 */
export function createCrisisActivities(deps: ActivityDeps, origin: () => WorkflowOrigin): CrisisActivities {
  return {
    async recordCrisisStep(input: RecordCrisisStepInput): Promise<RecordCrisisStepResult> {
      const { workflowId, runId } = origin();
      const events: NewEvent[] = input.events.map((e, i) => ({
        eventId: workflowEventId(workflowId, `${input.step}#${i}`),
        type: e.type,
        schemaVersion: crisisEventSchemas[e.type].schemaVersion,
        data: e.data,
        metadata: {
          actorId: input.actor.id,
          actorRole: input.actor.role,
          organisationId: input.actor.organisationId,
          correlationId: input.correlationId,
          workflowId,
          workflowRunId: runId,
        },
      }));
      if (events.length === 0) return { eventIds: [], streamVersion: 0, duplicate: true };
      // Other writers (a second crisis, case events) share the case stream; order among them is
      // the store's, so no expected version here. Duplicates are caught by event id.
      const result = await deps.eventStore.append(caseStreamId(input.caseId), events, 'any').catch((err: unknown) => {
        // A refused event is a bug in the workflow's decision: retrying cannot fix it, so fail loudly.
        if (err instanceof InvalidEvent) throw ApplicationFailure.nonRetryable(err.message, 'InvalidEvent');
        throw err;
      });
      return {
        eventIds: events.map((e) => e.eventId),
        streamVersion: result.streamVersion,
        duplicate: result.duplicate,
      };
    },
  };
}
