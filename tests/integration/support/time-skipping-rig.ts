import { PostgresEventStore } from '@hilfenetz/event-store';
import { openDataSource, quietBundlerLogger, registerSearchAttributes, testEnv } from '@hilfenetz/testing';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '@hilfenetz/config';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * What every workflow test file shares: Temporal's time-skipping test server (obtained by
 * `npm test`, see infra/dev/lib/temporal-test-server.mjs) with our search attributes, the workflow
 * bundled once per file, and one worker with the real activities over the real event store on the
 * test database.
 */
export interface TimeSkippingRig {
  env: TestWorkflowEnvironment;
  ds: DataSource;
  store: PostgresEventStore;
  taskQueue: string;
  bundle: WorkflowBundleWithSourceMap;
  stop(): Promise<void>;
}

export interface TimeSkippingRigOptions {
  /** The workflow package (`require.resolve('@hilfenetz/workflow-…')`). */
  workflowsPath: string;
  /** Names the task queue, so a worker's log says which file it served. */
  taskQueuePrefix: string;
  poolSize?: number;
  /** A bundle made once for the file, when each test gets a rig (and a test server) of its own. */
  bundle?: WorkflowBundleWithSourceMap;
  /** Payload encryption for client and worker, as the apps run it (default: none, payloads readable). */
  dataConverter?: DataConverter;
  /** The activities the worker runs, made once the database and the server are there. */
  activities: (ctx: {
    env: TestWorkflowEnvironment;
    ds: DataSource;
    store: PostgresEventStore;
    taskQueue: string;
  }) => object | Promise<object>;
}

export async function startTimeSkippingRig(options: TimeSkippingRigOptions): Promise<TimeSkippingRig> {
  const path = process.env.TEMPORAL_TEST_SERVER_BIN;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_BIN is not set: run the tests through `npm test`');
  const [env, ds, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path } },
      ...(options.dataConverter ? { client: { dataConverter: options.dataConverter } } : {}),
    }),
    openDataSource(testEnv().databaseUrl, options.poolSize ?? 3),
    options.bundle ??
      bundleWorkflowCode({
        workflowsPath: options.workflowsPath,
        logger: quietBundlerLogger,
        ...workflowBundleOptions,
      }),
  ]);
  // The workflows set our search attributes; the test server needs them declared first.
  await registerSearchAttributes(env);
  const store = new PostgresEventStore(ds);
  const taskQueue = `${options.taskQueuePrefix}-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    activities: await options.activities({ env, ds, store, taskQueue }),
  });
  const running = worker.run();
  return {
    env,
    ds,
    store,
    taskQueue,
    bundle,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await ds.destroy();
    },
  };
}
