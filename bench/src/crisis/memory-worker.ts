import { createActivities } from '@hilfenetz/activities';
import { workflowBundleOptions } from '@hilfenetz/config';
import type { NewEvent } from '@hilfenetz/contracts';
import { parseMasterKey, PersonalDataVault, PostgresEventStore, type ExpectedVersion } from '@hilfenetz/event-store';
import { GuardianCodeStore } from '@hilfenetz/persistence';
import { Context } from '@temporalio/activity';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { benchEnv, openBenchDataSource } from '../bench-env';

/**
 * One side of `bench:crisis`'s memory comparison as a worker process of its own (issue 16: "own
 * worker process each side, --expose-gc"): `crisis` runs the crisis workflow with the real
 * activities on the bench database, `raw` the raw fan-out with no-op activities. Both bundle the same
 * way and cache the same number of workflows. Tells its parent over IPC when a workflow's fifth step
 * is done, and answers `measure` with its memory after forced garbage collections.
 */
type Side = 'crisis' | 'raw';

const send = (m: unknown) => process.send?.(m);
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

async function main(): Promise<void> {
  const side = process.argv[2] as Side;
  const taskQueue = process.argv[3]!;
  const cached = Number(process.argv[4] ?? 2_000);
  if (!global.gc) throw new Error('run with --expose-gc');
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const steps = new Map<string, number>();
  const done = (workflowId: string, n: number) => {
    const total = (steps.get(workflowId) ?? 0) + n;
    steps.set(workflowId, total);
    if (total >= 5) {
      steps.delete(workflowId);
      send({ fifth: workflowId });
    }
  };
  let activities: object;
  if (side === 'crisis') {
    const env = benchEnv();
    const ds = await openBenchDataSource(env, { poolSize: 10, applicationName: 'hilfenetz-bench-crisis-memory' });
    const masterKey = process.env.PERSONAL_DATA_MASTER_KEY ?? '';
    class ObservedStore extends PostgresEventStore {
      override async append(streamId: string, events: NewEvent[], expected?: ExpectedVersion) {
        const r = await super.append(streamId, events, expected);
        const notified = events.filter((e) => e.type === 'PartyNotified').length;
        const wf = events[0]?.metadata.workflowId;
        if (notified > 0 && wf) done(wf, notified);
        return r;
      }
    }
    const store = new ObservedStore(ds);
    activities = createActivities({
      eventStore: store,
      notifications: {
        eventStore: store,
        vault: new PersonalDataVault(ds, parseMasterKey(masterKey)),
        channels: [],
        guardianCodes: GuardianCodeStore.fromMasterKey(ds, masterKey),
        appUrl: 'http://127.0.0.1:5173',
      },
    });
  } else {
    activities = {
      async noop() {
        done(Context.current().info.workflowExecution!.workflowId, 1);
      },
    };
  }
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bench.workflows'),
    logger: quiet,
    ...workflowBundleOptions,
  });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: bundle,
    maxCachedWorkflows: cached,
    activities,
  });
  process.on('message', (m: { measure?: boolean; stop?: boolean }) => {
    if (m.measure) {
      global.gc!();
      global.gc!();
      send({ memory: process.memoryUsage() });
    }
    if (m.stop) worker.shutdown();
  });
  const running = worker.run();
  send({ ready: true });
  await running;
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
