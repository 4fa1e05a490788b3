import {
  riskAssessmentEventSchemas,
  type RecordRiskAssessmentStepInput,
  type RiskAssessmentActivities,
  type RiskAssessmentEventType,
} from '@hilfenetz/contracts';
import type { ActivityDeps } from './crisis.activities';
import { recordWorkflowStep, type WorkflowOrigin } from './record-workflow-step';

/** The risk assessment's recording activity; every event names §8a SGB VIII as its legal basis. */
export function createRiskAssessmentActivities(
  deps: ActivityDeps,
  origin: () => WorkflowOrigin,
): RiskAssessmentActivities {
  return {
    async recordRiskAssessmentStep(input: RecordRiskAssessmentStepInput) {
      const { eventIds, result } = await recordWorkflowStep(
        deps.eventStore,
        origin(),
        input,
        (type) => riskAssessmentEventSchemas[type as RiskAssessmentEventType].schemaVersion,
        { legalBasis: '§8a SGB VIII' },
      );
      return { eventIds, duplicate: result?.duplicate ?? true };
    },
  };
}
