import { createActivities } from '@hilfenetz/activities';
import { breakGlassReviewWorkflowId, type BreakGlassReviewWorkflowInput } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import type { WorkflowHandle } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { notificationDeps } from './notification-deps';
import { startTimeSkippingRig, type TimeSkippingRig } from './support/time-skipping-rig';

export const HOUR = 3_600_000;

/** Time-skipping test server + a worker with the real activities over the real event store. */
export type ReviewRig = TimeSkippingRig;

export const startReviewRig = (options: { dataConverter?: DataConverter } = {}): Promise<ReviewRig> =>
  startTimeSkippingRig({
    workflowsPath: require.resolve('@hilfenetz/workflow-break-glass-review'),
    taskQueuePrefix: 'break-glass-review-it',
    ...options,
    activities: ({ ds, store }) =>
      createActivities({ eventStore: store, notifications: notificationDeps(ds, store, []) }),
  });

/** Starts the review of a (pretend) break-glass read, due in `dueInHours`. */
export async function startReview(
  rig: ReviewRig,
  dueInHours = 72,
): Promise<{ handle: WorkflowHandle; input: BreakGlassReviewWorkflowInput }> {
  const now = await rig.env.currentTimeMs();
  const caseId = `FALL-BGR-${randomUUID().slice(0, 8)}`;
  const reviewId = String(Math.floor(Math.random() * 1e12));
  const input: BreakGlassReviewWorkflowInput = {
    reviewId,
    caseId,
    leadOrganisationId: 'org-jugendamt-lindenau',
    openedAt: new Date(now).toISOString(),
    dueAt: new Date(now + dueInHours * HOUR).toISOString(),
    supervisorContactId: 'ct-ja-fachaufsicht',
    correlationId: randomUUID(),
  };
  const handle = await rig.env.client.workflow.start('breakGlassReviewWorkflow', {
    taskQueue: rig.taskQueue,
    workflowId: breakGlassReviewWorkflowId(reviewId),
    args: [input],
  });
  return { handle, input };
}

export async function eventsOf(rig: ReviewRig, caseId: string): Promise<{ type: string; data: unknown }[]> {
  return (await rig.store.readStream(caseStreamId(caseId))).map((e) => ({ type: e.type, data: e.data }));
}
