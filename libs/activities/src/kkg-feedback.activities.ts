import {
  kkgFeedbackEventSchemas,
  type KkgFeedbackActivities,
  type KkgFeedbackEventType,
  type RecordKkgFeedbackStepInput,
} from '@hilfenetz/contracts';
import type { ActivityDeps } from './crisis.activities';
import { recordWorkflowStep, type WorkflowOrigin } from './record-workflow-step';

/** The §4 KKG feedback's recording activity; every event names §4 KKG as its legal basis. */
export function createKkgFeedbackActivities(deps: ActivityDeps, origin: () => WorkflowOrigin): KkgFeedbackActivities {
  return {
    async recordKkgFeedbackStep(input: RecordKkgFeedbackStepInput) {
      const { eventIds, result } = await recordWorkflowStep(
        deps.eventStore,
        origin(),
        input,
        (type) => kkgFeedbackEventSchemas[type as KkgFeedbackEventType].schemaVersion,
        { legalBasis: '§4 KKG' },
      );
      return { eventIds, duplicate: result?.duplicate ?? true };
    },
  };
}
