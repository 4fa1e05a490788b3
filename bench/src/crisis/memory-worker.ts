import { Context } from '@temporalio/activity';
import { benchEnv, openBenchDataSource } from '../bench-env';
import { benchActivities, runMeasuredWorker } from '../bench-worker-process';
import { benchWorker, ObservedStore } from './bench-crisis.support';

/**
 * One side of `bench:crisis`'s memory comparison as a worker process of its own (issue 16: "own
 * worker process each side, --expose-gc"): `crisis` runs the crisis workflow with the real
 * activities on the bench database, `raw` the raw fan-out with no-op activities. Both bundle the same
 * way and cache the same number of workflows. Tells its parent over IPC when a workflow's fifth step
 * is done, and answers `measure` with its memory after forced garbage collections.
 */
type Side = 'crisis' | 'raw' | 'raw-input';

const send = (m: unknown) => process.send?.(m);

async function main(): Promise<void> {
  const side = process.argv[2] as Side;
  const taskQueue = process.argv[3]!;
  const cached = Number(process.argv[4] ?? 2_000);
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
    activities = benchActivities(ds, new ObservedStore(ds, done));
  } else {
    activities = {
      async noop() {
        done(Context.current().info.workflowExecution!.workflowId, 1);
      },
    };
  }
  const worker = await benchWorker({ taskQueue, cachedWorkflows: cached, activities });
  await runMeasuredWorker(worker, send);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
