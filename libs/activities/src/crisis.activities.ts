import {
  crisisEventSchemas,
  eventSchemas,
  type CrisisActivities,
  type CrisisEvent,
  type FindInAppReceiptInput,
  type InAppReceiptFound,
  type RecordCrisisStepInput,
  type RecordCrisisStepResult,
  type RecordCrisisStepsInput,
} from '@hilfenetz/contracts';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { inAppDeliveredEventId } from './in-app-receipt.events';
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
): Pick<CrisisActivities, 'recordCrisisStep' | 'recordCrisisSteps' | 'findInAppReceipt'> {
  return {
    async recordCrisisStep(input: RecordCrisisStepInput): Promise<RecordCrisisStepResult> {
      const { eventIds, result } = await recordWorkflowStep(deps.eventStore, origin(), input, schemaVersionOf);
      return { eventIds, streamVersion: result?.streamVersion ?? 0, duplicate: result?.duplicate ?? true };
    },
    async recordCrisisSteps(input: RecordCrisisStepsInput): Promise<RecordCrisisStepResult> {
      const { eventIds, result } = await recordWorkflowSteps(deps.eventStore, origin(), input, schemaVersionOf);
      return { eventIds, streamVersion: result?.streamVersion ?? 0, duplicate: result?.duplicate ?? true };
    },
    /** The receipt the API recorded for an in-app attempt (docs/adr/0046), or null if none came. */
    async findInAppReceipt(input: FindInAppReceiptInput): Promise<InAppReceiptFound | null> {
      const stored = await deps.eventStore.readEvent(inAppDeliveredEventId(input.crisisId, input.attemptId));
      if (!stored || stored.type !== 'NotificationDelivered') return null;
      const data = stored.data as {
        attemptId?: string;
        confirmedBy: InAppReceiptFound['confirmedBy'];
        deliveredAt: string;
      };
      if (data.attemptId !== input.attemptId) return null;
      return { confirmedBy: data.confirmedBy, deliveredAt: data.deliveredAt };
    },
  };
}
