import { caseStreamId, decideCrisis, evolveCrisis, initialCrisisState } from '@hilfenetz/domain';
import {
  crisisEventSchemas,
  type CrisisActivities,
  type CrisisEvent,
  type NewEvent,
  type RecordCrisisStepInput,
  type RecordCrisisStepResult,
} from '@hilfenetz/contracts';
import type { PostgresEventStore } from '@hilfenetz/event-store';
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
 * Decides a crisis command against the crisis's current state from the store and appends the
 * resulting events with ids derived from the workflow step. Retries are no-ops.
 */
export function createCrisisActivities(deps: ActivityDeps, origin: () => WorkflowOrigin): CrisisActivities {
  return {
    async recordCrisisStep(input: RecordCrisisStepInput): Promise<RecordCrisisStepResult> {
      const { workflowId, runId } = origin();
      const streamId = caseStreamId(input.caseId);
      const history = await deps.eventStore.readStream(streamId);
      const crisisEvents = history.filter(
        (e): e is typeof e & CrisisEvent =>
          e.type in crisisEventSchemas && (e.data as { crisisId?: string }).crisisId === input.crisisId,
      );
      const firstId = workflowEventId(workflowId, `${input.step}#0`);
      const already = crisisEvents.find((e) => e.eventId === firstId);
      if (already) {
        return { eventIds: [firstId], streamVersion: already.streamVersion, duplicate: true };
      }
      const state = crisisEvents.reduce((s, e) => evolveCrisis(s, e), initialCrisisState);
      const decided = decideCrisis(input.command, state);
      const events: NewEvent[] = decided.map((e, i) => ({
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
      const result = await deps.eventStore.append(streamId, events, 'any');
      return {
        eventIds: events.map((e) => e.eventId),
        streamVersion: result.streamVersion,
        duplicate: result.duplicate,
      };
    },
  };
}
