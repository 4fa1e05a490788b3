import {
  crisisEventSchemas,
  eventSchemas,
  type CrisisActivities,
  type CrisisEvent,
  type RecordCrisisStepInput,
  type RecordCrisisStepResult,
} from '@hilfenetz/contracts';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { recordWorkflowStep, type WorkflowOrigin } from './record-workflow-step';

export type { WorkflowOrigin } from './record-workflow-step';

export interface ActivityDeps {
  eventStore: PostgresEventStore;
}

/** The crisis workflow's only activity: record what a step decided (see recordWorkflowStep). */
export function createCrisisActivities(
  deps: ActivityDeps,
  origin: () => WorkflowOrigin,
): Pick<CrisisActivities, 'recordCrisisStep'> {
  return {
    async recordCrisisStep(input: RecordCrisisStepInput): Promise<RecordCrisisStepResult> {
      const { eventIds, result } = await recordWorkflowStep(
        deps.eventStore,
        origin(),
        input,
        (type) => eventSchemas[type]?.schemaVersion ?? crisisEventSchemas[type as CrisisEvent['type']].schemaVersion,
      );
      return { eventIds, streamVersion: result?.streamVersion ?? 0, duplicate: result?.duplicate ?? true };
    },
  };
}
