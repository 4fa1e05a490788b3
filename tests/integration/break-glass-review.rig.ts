import { createActivities } from '@hilfenetz/activities';
import { breakGlassReviewWorkflowId, type BreakGlassReviewWorkflowInput } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { openDataSource, quietBundlerLogger, registerSearchAttributes, testEnv } from '@hilfenetz/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { notificationDeps } from './notification-deps';

export const HOUR = 3_600_000;

/** Time-skipping test server + a worker with the real activities over the real event store. */
export interface ReviewRig {
  env: TestWorkflowEnvironment;
  store: PostgresEventStore;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startReviewRig(): Promise<ReviewRig> {
  const path = process.env.TEMPORAL_TEST_SERVER_BIN;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_BIN is not set: run the tests through `npm test`');
  const [env, ds, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } }),
    openDataSource(testEnv().databaseUrl, 3),
    bundleWorkflowCode({
      workflowsPath: require.resolve('@hilfenetz/workflow-break-glass-review'),
      logger: quietBundlerLogger,
    }),
  ]);
  await registerSearchAttributes(env);
  const store = new PostgresEventStore(ds as DataSource);
  const taskQueue = `break-glass-review-it-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ eventStore: store, notifications: notificationDeps(ds as DataSource, store, []) }),
  });
  const running = worker.run();
  return {
    env,
    store,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await ds.destroy();
    },
  };
}

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
