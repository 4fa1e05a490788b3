import {
  crisisEventSchemas,
  eventSchemas,
  type CrisisActivities,
  type CrisisEvent,
  type RecordCrisisStepInput,
  type RecordCrisisStepResult,
  type RecordCrisisStepsInput,
} from '@hilfenetz/contracts';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { recordWorkflowStep, recordWorkflowSteps, type WorkflowOrigin } from './record-workflow-step';

export type { WorkflowOrigin } from './record-workflow-step';

export interface ActivityDeps {
  eventStore: PostgresEventStore;
}

const schemaVersionOf = (type: string) =>
  eventSchemas[type]?.schemaVersion ?? crisisEventSchemas[type as CrisisEvent['type']].schemaVersion;

/** The crisis workflow's recording activities: what a step (or several) decided (see recordWorkflowStep). */
export function createCrisisActivities(
  deps: ActivityDeps,
  origin: () => WorkflowOrigin,
): Pick<CrisisActivities, 'recordCrisisStep' | 'recordCrisisSteps'> {
  return {
    async recordCrisisStep(input: RecordCrisisStepInput): Promise<RecordCrisisStepResult> {
      const { eventIds, result } = await recordWorkflowStep(deps.eventStore, origin(), input, schemaVersionOf);
      return { eventIds, streamVersion: result?.streamVersion ?? 0, duplicate: result?.duplicate ?? true };
    },
    async recordCrisisSteps(input: RecordCrisisStepsInput): Promise<RecordCrisisStepResult> {
      const { eventIds, result } = await recordWorkflowSteps(deps.eventStore, origin(), input, schemaVersionOf);
      return { eventIds, streamVersion: result?.streamVersion ?? 0, duplicate: result?.duplicate ?? true };
    },
  };
}
