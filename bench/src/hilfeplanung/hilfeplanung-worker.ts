import { workflowBundleOptions } from '@hilfenetz/config';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { benchEnv, openBenchDataSource } from '../bench-env';
import { benchActivities, runMeasuredWorker } from '../bench-worker-process';

/**
 * The worker of `bench:hilfeplanung` as a process of its own, so that its memory is the worker's
 * alone (not the driver's clients and bookkeeping) and can be measured after forced collections
 * (`--expose-gc`). The Hilfeplanung workflow bundled as the app's worker bundles it, the real
 * activities over the real event store on the bench database, on the time-skipping test server the
 * parent started. Answers `measure` over IPC.
 */
const send = (m: unknown) => process.send?.(m);
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

async function main(): Promise<void> {
  const [address, taskQueue, cachedRaw] = process.argv.slice(2);
  const maxCachedWorkflows = Number(cachedRaw);
  if (!address || !taskQueue || !Number.isInteger(maxCachedWorkflows)) {
    throw new Error('usage: hilfeplanung-worker <address> <taskQueue> <maxCachedWorkflows>');
  }
  const env = benchEnv();
  const ds = await openBenchDataSource(env, { poolSize: 10, applicationName: 'hilfenetz-bench-hilfeplanung-worker' });
  const store = new PostgresEventStore(ds);
  const activities = benchActivities(ds, store);
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('@hilfenetz/workflow-hilfeplanung'),
    logger: quiet,
    ...workflowBundleOptions,
  });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle,
    maxCachedWorkflows,
    activities,
  });
  await runMeasuredWorker(worker, send);
  await ds.destroy();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
