import { quietBundlerLogger } from '@hilfenetz/testing';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { stop, waitingWorkflow } from './waiting.workflow';

/**
 * Run as its own process by workflow-stack-traces.test.ts: worker threads take the environment of
 * the process (jest gives a test only a copy). Starts a waiting workflow on a fresh worker, asks
 * for its stack trace and prints the answer (or the refusal) as one line of JSON.
 */
async function main(): Promise<void> {
  const path = process.env.TEMPORAL_TEST_SERVER_BIN;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_BIN is not set');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
  try {
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./waiting.workflow'),
      logger: quietBundlerLogger,
    });
    const taskQueue = `stack-traces-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle });
    const answer = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(waitingWorkflow, { taskQueue, workflowId: taskQueue });
      try {
        return { trace: await handle.query<string>('__stack_trace') };
      } catch (err) {
        const cause = (err as Error).cause;
        return { refused: cause instanceof Error ? cause.message : String(err) };
      } finally {
        await handle.signal(stop);
        await handle.result();
      }
    });
    console.log(JSON.stringify(answer));
  } finally {
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
