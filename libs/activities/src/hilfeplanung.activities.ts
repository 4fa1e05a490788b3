import {
  hilfeplanungEventSchemas,
  type HilfeplanungActivities,
  type NewEvent,
  type RecordHilfeplanungStepInput,
} from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { InvalidEvent } from '@hilfenetz/event-store';
import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityDeps, WorkflowOrigin } from './crisis.activities';
import { workflowEventId } from './event-ids';

/** Appends what a help-planning step decided, idempotently (ids from workflow id + step). */
export function createHilfeplanungActivities(deps: ActivityDeps, origin: () => WorkflowOrigin): HilfeplanungActivities {
  return {
    async recordHilfeplanungStep(input: RecordHilfeplanungStepInput) {
      const { workflowId, runId } = origin();
      const events: NewEvent[] = input.events.map((e, i) => ({
        eventId: workflowEventId(workflowId, `${input.step}#${i}`),
        type: e.type,
        schemaVersion: hilfeplanungEventSchemas[e.type].schemaVersion,
        data: e.data,
        metadata: {
          actorId: input.actor.id,
          actorRole: input.actor.role,
          organisationId: input.actor.organisationId,
          correlationId: input.correlationId,
          workflowId,
          workflowRunId: runId,
          legalBasis: '§36 SGB VIII',
        },
      }));
      if (events.length === 0) return { eventIds: [], duplicate: true };
      const result = await deps.eventStore.append(caseStreamId(input.caseId), events, 'any').catch((err: unknown) => {
        if (err instanceof InvalidEvent) throw ApplicationFailure.nonRetryable(err.message, 'InvalidEvent');
        throw err;
      });
      return { eventIds: events.map((e) => e.eventId), duplicate: result.duplicate };
    },
  };
}
