import { randomUUID } from 'node:crypto';
import type {
  Next,
  WorkflowClientInterceptor,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
} from '@temporalio/client';
import { isWorkflowTaskFailedDuringUpdate } from '../common/engine-unavailable';

/** Attempts in all, and the pause before each repeat (short: a person is waiting for the answer). */
const ATTEMPTS = 3;
const PAUSE_MS = [150, 400];

/**
 * Sends an Update again when Temporal aborted it because the workflow task that carried it failed
 * on the server ("Unable to perform workflow execution update due to unexpected workflow task
 * failure", WorkflowNotReady). Such an Update was never applied: the task's commands were
 * discarded, the workflow runs on in a new task. Found by the fuzzer's stateful phase (a cancel
 * right after a trigger that joined the running crisis, while gateway receipts arrived) as a 500.
 * The repeat carries the same Update id, fixed here before the first attempt, so Temporal applies
 * it at most once whatever the first attempt did. Once the attempts are used up the error goes on
 * to the problem filter, which answers 503 with Retry-After (engine-unavailable.ts).
 */
export class UpdateRetryInterceptor implements WorkflowClientInterceptor {
  constructor(private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  async startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): Promise<WorkflowStartUpdateOutput> {
    const once = { ...input, options: { ...input.options, updateId: input.options.updateId ?? randomUUID() } };
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(once);
      } catch (err) {
        if (attempt >= ATTEMPTS || !isWorkflowTaskFailedDuringUpdate(err)) throw err;
        await this.pause(PAUSE_MS[attempt - 1] ?? PAUSE_MS[PAUSE_MS.length - 1]!);
      }
    }
  }
}
