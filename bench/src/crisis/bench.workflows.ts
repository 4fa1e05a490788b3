// The bundle the crisis benchmark's worker runs: the real crisis workflow, and its baseline.
import { proxyActivities } from '@temporalio/workflow';

export { crisisWorkflow } from '@hilfenetz/workflow-crisis';

const { noop } = proxyActivities<{ noop(step: string): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

/**
 * Baseline: the crisis's shape without its work — the trigger step, then the five notifications as
 * one step (since patch log-order-follows-decisions), no-op activities.
 */
export async function baselineFanOut(): Promise<void> {
  await noop('trigger');
  await noop('notify');
}
