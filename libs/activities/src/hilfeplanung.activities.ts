import {
  hilfeplanungEventSchemas,
  type HilfeplanungActivities,
  type HilfeplanungEvent,
  type RecordHilfeplanungStepInput,
} from '@hilfenetz/contracts';
import type { ActivityDeps } from './crisis.activities';
import { recordWorkflowStep, type WorkflowOrigin } from './record-workflow-step';

/** The Hilfeplanung's recording activity; every event names §36 SGB VIII as its legal basis. */
export function createHilfeplanungActivities(
  deps: ActivityDeps,
  origin: () => WorkflowOrigin,
): Pick<HilfeplanungActivities, 'recordHilfeplanungStep'> {
  return {
    async recordHilfeplanungStep(input: RecordHilfeplanungStepInput) {
      const { eventIds, result } = await recordWorkflowStep(
        deps.eventStore,
        origin(),
        input,
        (type) => hilfeplanungEventSchemas[type as HilfeplanungEvent['type']].schemaVersion,
        { legalBasis: '§36 SGB VIII' },
      );
      return { eventIds, duplicate: result?.duplicate ?? true };
    },
  };
}
