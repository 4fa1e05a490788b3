import { quietBundlerLogger } from '@hilfenetz/testing';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loop, loopingWorkflow, stop, type LoopWhere } from './support/looping.workflow';

/**
 * The worker's deadlock detection, after our patch of the SDK gave each activation one deadline
 * instead of one per call into the workflow sandbox (patches/, docs/adr/0054): a workflow that
 * loops forever in a signal handler or a condition fails its own workflow task with the timeout,
 * and the worker goes on serving every other workflow. (A loop after an `await` aborts the worker
 * process instead, with or without the patch; see the ADR.)
 */
describe('deadlock detection: one deadline per activation', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `deadlock-${randomUUID()}`;
  jest.setTimeout(120_000);

  beforeAll(async () => {
    const path = process.env.TEMPORAL_TEST_SERVER_BIN;
    if (!path) throw new Error('TEMPORAL_TEST_SERVER_BIN is not set: run the tests through `npm test`');
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./support/looping.workflow'),
      logger: quietBundlerLogger,
    });
    // The SDK's deadline as the apps run it (`isolateExecutionTimeout`, 5 s, not among its public options).
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  /** The failure message of the workflow's first failed workflow task, once there is one. */
  async function firstTaskFailure(handle: WorkflowHandle): Promise<string> {
    for (let i = 0; i < 150; i++) {
      const history = await handle.fetchHistory();
      const failed = history.events?.find((e) => e.workflowTaskFailedEventAttributes);
      if (failed) return failed.workflowTaskFailedEventAttributes?.failure?.message ?? '';
      await sleep(200);
    }
    throw new Error(`no failed workflow task in ${handle.workflowId}`);
  }

  it.each<LoopWhere>(['signal handler', 'condition'])(
    'an endless loop in the %s fails that workflow task, and the worker serves the others',
    async (where) => {
      const start = (id: string) => env.client.workflow.start(loopingWorkflow, { taskQueue, workflowId: id });
      const looping = await start(`looping-${where}-${randomUUID()}`);
      const other = await start(`other-${where}-${randomUUID()}`);
      try {
        await looping.signal(loop, where);
        expect(await firstTaskFailure(looping)).toMatch(/Script execution timed out after 5000ms/);
        // The same worker, its one workflow thread, still answers a workflow that does not loop.
        await other.signal(stop);
        await expect(other.result()).resolves.toBeUndefined();
        expect((await looping.describe()).status.name).toBe('RUNNING');
      } finally {
        await looping.terminate('test over').catch(() => undefined);
      }
    },
  );
});
