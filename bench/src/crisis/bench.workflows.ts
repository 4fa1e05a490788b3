// The bundle the crisis benchmark's workers run: the real crisis workflow and its baselines.
import { proxyActivities, sleep } from '@temporalio/workflow';

export { crisisWorkflow } from '@hilfenetz/workflow-crisis';

const { noop } = proxyActivities<{ noop(step: string): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

/**
 * Baseline (a): the crisis's shape without its work — the trigger step, then the five notifications
 * as one step (since patch log-order-follows-decisions), no-op activities.
 */
export async function baselineFanOut(): Promise<void> {
  await noop('trigger');
  await noop('notify');
}

/**
 * Baseline (b), issue 16: a raw workflow fanning out five no-op activities in parallel, then waiting
 * on a timer as an open crisis waits for its answers (the memory comparison keeps 1,000 of them open).
 */
export async function rawFanOut(waitHours: number): Promise<void> {
  await Promise.all([1, 2, 3, 4, 5].map((n) => noop(`party-${n}`)));
  if (waitHours > 0) await sleep(`${waitHours} hours`);
}

/**
 * Diagnostic beside (b): the same raw fan-out started with a crisis's own input (the trigger, the
 * agreement version with its organisations, contacts and rules: about 8 KB of JSON, as the API
 * passes it) and holding it while it waits, as the crisis holds its input. Prices what carrying
 * the agreement costs per open workflow, apart from the crisis's own steps.
 */
export async function rawFanOutWithInput(input: { crisisId: string }, waitHours: number): Promise<number> {
  await Promise.all([1, 2, 3, 4, 5].map((n) => noop(`party-${n}`)));
  if (waitHours > 0) await sleep(`${waitHours} hours`);
  return JSON.stringify(input).length;
}
