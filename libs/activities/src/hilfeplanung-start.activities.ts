import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  dischargeHandOverSignalName,
  hilfeplanungIdFor,
  hilfeplanungWorkflowType,
  type CrisisActivities,
  type DischargeHandOver,
  type HilfeplanungWorkflowInput,
  type StartHilfeplanungInput,
} from '@hilfenetz/contracts';
import { defaultHilfeplanungRules } from '@hilfenetz/domain';
import { ApplicationFailure } from '@temporalio/activity';

/** What the start needs: a Temporal client (with the encrypted data converter) and the planning's queue. */
export interface HilfeplanungStartDeps {
  temporal: Client;
  taskQueue: string;
}

/**
 * Seed 002, step 5, from inside the crisis (docs/adr/0013): at discharge the crisis workflow starts
 * the case's Hilfeplanung with signal-with-start on `hilfeplanung-<caseId>`. The server starts the
 * planning and delivers the (empty) hand-over signal atomically, and needs no worker to answer, so
 * the crisis does not wait for the planning's own first step. Idempotent: a retried attempt, or a
 * planning a caseworker started by hand, only signals the running planning (which ignores it); a
 * planning that already ran to its end is not started again (`REJECT_DUPLICATE`, as before).
 */
export function createHilfeplanungStartActivities(
  deps: HilfeplanungStartDeps | undefined,
): Pick<CrisisActivities, 'startHilfeplanung'> {
  return {
    async startHilfeplanung(a: StartHilfeplanungInput) {
      if (!deps) throw ApplicationFailure.nonRetryable('no Temporal client for the Hilfeplanung start', 'config');
      const input: HilfeplanungWorkflowInput = {
        planningId: hilfeplanungIdFor(a.caseId),
        caseId: a.caseId,
        origin: { kind: 'discharge', crisisId: a.crisisId, dischargedAt: a.dischargedAt },
        rules: a.rules ?? defaultHilfeplanungRules,
        startedBy: a.startedBy,
        startedAt: a.startedAt,
        correlationId: a.correlationId,
      };
      try {
        await deps.temporal.workflow.signalWithStart<
          (i: HilfeplanungWorkflowInput) => Promise<unknown>,
          [DischargeHandOver]
        >(hilfeplanungWorkflowType, {
          taskQueue: deps.taskQueue,
          workflowId: input.planningId,
          args: [input],
          signal: dischargeHandOverSignalName,
          signalArgs: [{ crisisId: a.crisisId }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          searchAttributes: { HilfenetzCaseId: [a.caseId], HilfenetzStatus: ['hilfeplanung'] },
        });
        return { planningId: input.planningId };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        // The case's planning ran before and has ended: one planning per case.
        return { planningId: input.planningId };
      }
    },
  };
}
