import { condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type {
  CancelCrisisSignalArgs,
  CrisisActivities,
  CrisisStatus,
  CrisisWorkflowInput,
  CrisisWorkflowResult,
} from '@hilfenetz/contracts';
import { cancelCrisis, crisisStatus } from './crisis.messages';

const { recordCrisisStep } = proxyActivities<CrisisActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * The crisis protocol (seed 002). This walking-skeleton version records the trigger and stays open
 * until cancelled; the parallel notification of the five parties grows here (issue 4).
 */
export async function crisisWorkflow(input: CrisisWorkflowInput): Promise<CrisisWorkflowResult> {
  let status: CrisisStatus['status'] = 'triggering';
  let cancellation: CancelCrisisSignalArgs | undefined;

  setHandler(crisisStatus, () => ({ crisisId: input.crisisId, caseId: input.caseId, status }));
  setHandler(cancelCrisis, (args) => {
    cancellation ??= args;
  });

  await recordCrisisStep({
    caseId: input.caseId,
    crisisId: input.crisisId,
    step: 'trigger',
    command: {
      type: 'TriggerCrisis',
      crisisId: input.crisisId,
      caseId: input.caseId,
      dangerKind: input.dangerKind,
      urgency: input.urgency,
      now: input.requestedAt,
    },
    actor: input.triggeredBy,
    correlationId: input.correlationId,
  });
  status = 'open';
  upsertSearchAttributes({ HilfenetzStatus: ['open'] });

  await condition(() => cancellation !== undefined);
  const c = cancellation as CancelCrisisSignalArgs;
  await recordCrisisStep({
    caseId: input.caseId,
    crisisId: input.crisisId,
    step: 'cancel',
    command: { type: 'CancelCrisis', crisisId: input.crisisId, reason: c.reason, now: c.cancelledAt },
    actor: c.cancelledBy,
    correlationId: input.correlationId,
  });
  status = 'cancelled';
  upsertSearchAttributes({ HilfenetzStatus: ['cancelled'] });
  return { crisisId: input.crisisId, outcome: 'cancelled' };
}
