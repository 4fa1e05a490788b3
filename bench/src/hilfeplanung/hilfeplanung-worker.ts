import { createActivities } from '@hilfenetz/activities';
import { workflowBundleOptions } from '@hilfenetz/config';
import { parseMasterKey, PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { GuardianCodeStore } from '@hilfenetz/persistence';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { benchEnv, openBenchDataSource } from '../bench-env';

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
  if (!global.gc) throw new Error('run with --expose-gc');
  const env = benchEnv();
  const ds = await openBenchDataSource(env, { poolSize: 10, applicationName: 'hilfenetz-bench-hilfeplanung-worker' });
  const store = new PostgresEventStore(ds);
  const masterKey = process.env.PERSONAL_DATA_MASTER_KEY ?? '';
  // No channel outside the app: every message to a party is recorded as not configured, as in a
  // deployment without SMTP or SMS gateway; the bench prices the workflow, not a mail server.
  const activities = createActivities({
    eventStore: store,
    notifications: {
      eventStore: store,
      vault: new PersonalDataVault(ds, parseMasterKey(masterKey)),
      channels: [],
      guardianCodes: GuardianCodeStore.fromMasterKey(ds, masterKey),
      appUrl: 'http://127.0.0.1:5173',
    },
  });
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
  process.on('message', (m: { measure?: boolean; stop?: boolean }) => {
    if (m.measure) {
      // Two collections: the first may only finalise what the second frees.
      global.gc!();
      global.gc!();
      send({ memory: process.memoryUsage() });
    }
    if (m.stop) worker.shutdown();
  });
  const running = worker.run();
  send({ ready: true });
  await running;
  await ds.destroy();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
