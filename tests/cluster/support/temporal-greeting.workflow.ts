import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type * as activities from './temporal-greeting.activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

/**
 * The smallest workflow that exercises what the crisis workflow needs from the cluster's Temporal
 * server: a workflow task, an activity on the same worker, and our search attributes upserted from
 * inside (as crisis.workflow.ts does) on top of the one the client sets at start.
 */
export async function greetingWorkflow(name: string, organisations: string[]): Promise<string> {
  upsertSearchAttributes({ HilfenetzStatus: ['greeting'], HilfenetzOrganisations: organisations });
  const greeting = await greet(name);
  upsertSearchAttributes({ HilfenetzStatus: ['greeted'] });
  return greeting;
}
