// The bundle of the inbox benchmark's baseline worker: one workflow, one activity, nothing else.
import { proxyActivities } from '@temporalio/workflow';

const { insertTasks } = proxyActivities<{ insertTasks(triggerId: string): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
});

/** Baseline: the trigger becomes rows in a table in one activity (INSERT + pg_notify). */
export async function baselineInbox(triggerId: string): Promise<void> {
  await insertTasks(triggerId);
}
