import { benchActivities } from '../bench-worker-process';
import type { CrisisWorkflowInput, NewEvent } from '@hilfenetz/contracts';
import { agreementByRef } from '@hilfenetz/domain';
import { PostgresEventStore, type ExpectedVersion } from '@hilfenetz/event-store';
import { workflowBundleOptions, type TemporalConnectionOptions } from '@hilfenetz/config';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** The real event store, telling `onNotified` how many PartyNotified of a workflow became durable. */
export class ObservedStore extends PostgresEventStore {
  constructor(
    ds: DataSource,
    private readonly onNotified: (workflowId: string, count: number) => void,
  ) {
    super(ds);
  }
  override async append(streamId: string, events: NewEvent[], expected?: ExpectedVersion) {
    const r = await super.append(streamId, events, expected);
    const notified = events.filter((e) => e.type === 'PartyNotified').length;
    const wf = events[0]?.metadata.workflowId;
    if (notified > 0 && wf) this.onNotified(wf, notified);
    return r;
  }
}

/** A new crisis on a new case, as the API would start it (the demo agreement). */
const BENCH_AGREEMENT = { agreementId: 'lindenau-krisenkooperation', version: '2026-1' };

/**
 * A crisis's input as the API builds it (crisis-trigger.service.ts): the trigger, the agreement's
 * reference and the agreement version itself (organisations, contacts, rules: about 8 KB of JSON).
 * `inAppWindowSeconds` lengthens the in-app delivery window of an immediate crisis (agreement data:
 * `deliveryWindows`), so that the memory comparison finds every open crisis in the same state.
 */
export function benchCrisisInput(opts: { inAppWindowSeconds?: number } = {}): CrisisWorkflowInput {
  const caseId = `FALL-BENCH-${randomUUID().slice(0, 8)}`;
  const agreement = agreementByRef(BENCH_AGREEMENT);
  const agreementVersion =
    opts.inAppWindowSeconds === undefined
      ? agreement
      : {
          ...agreement,
          deliveryWindows: {
            ...agreement.deliveryWindows,
            immediate: { ...agreement.deliveryWindows?.immediate, in_app: opts.inAppWindowSeconds },
          },
        };
  return {
    crisisId: `crisis-${caseId}-${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    caseId,
    dangerKind: 'self',
    urgency: 'immediate',
    triggeredBy: { id: 'u-bench', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
    requestedAt: new Date().toISOString(),
    correlationId: randomUUID(),
    agreement: BENCH_AGREEMENT,
    agreementVersion,
  };
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

/** The Temporal server a bench side talks to: the dev server by default. */
export interface BenchServer {
  connection: TemporalConnectionOptions;
  namespace: string;
}

export const devServer = (): BenchServer => ({
  connection: { address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' },
  namespace: 'default',
});

/**
 * A worker for the bench's workflows (`bench.workflows.ts`), bundled as the app's worker bundles
 * (preloaded libraries, docs/adr/0044).
 */
export async function benchWorker(opts: {
  taskQueue: string;
  cachedWorkflows: number;
  activities: object;
  server?: BenchServer;
}) {
  const server = opts.server ?? devServer();
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bench.workflows'),
    logger: quiet,
    ...workflowBundleOptions,
  });
  return Worker.create({
    connection: await NativeConnection.connect(server.connection),
    namespace: server.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: bundle,
    maxCachedWorkflows: opts.cachedWorkflows,
    activities: opts.activities,
  });
}

/** Records, per workflow, when its fifth notification (or the baseline's notify no-op) was durable. */
export class FifthStepClock {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, (t: number) => void>();
  done(workflowId: string, steps = 1): void {
    const n = (this.counts.get(workflowId) ?? 0) + steps;
    this.counts.set(workflowId, n);
    if (n >= 5) this.waiters.get(workflowId)?.(performance.now());
  }
  when(workflowId: string): Promise<number> {
    return new Promise((resolve) => this.waiters.set(workflowId, resolve));
  }
}

/** One server's worker and client, and the three things the bench times on it (ms, start → fifth step). */
export interface BenchSide {
  crisis(): Promise<number>;
  baseline(): Promise<number>;
  rawFanOut(): Promise<number>;
  /** Terminates the crises it started, stops the worker, closes the client. */
  close(log: (m: string) => void): Promise<void>;
}

/**
 * Starts a worker with the crisis's real activities (over an ObservedStore) and the baselines'
 * no-ops on `server`, and a client to start workflows there.
 */
export async function startBenchSide(ds: DataSource, server: BenchServer = devServer()): Promise<BenchSide> {
  const taskQueue = `bench-crisis-${randomUUID().slice(0, 8)}`;
  const clock = new FifthStepClock();
  const store = new ObservedStore(ds, (workflowId, n) => clock.done(workflowId, n));
  const worker = await benchWorker({
    taskQueue,
    cachedWorkflows: 2_000,
    server,
    activities: {
      ...benchActivities(ds, store),
      async noop(step: string) {
        const workflowId = Context.current().info.workflowExecution!.workflowId;
        // Baseline (a): its one notify step stands for the five notifications the crisis records at
        // once. Baseline (b): each of its five parallel no-ops is one party.
        if (step === 'notify') clock.done(workflowId, 5);
        if (step.startsWith('party-')) clock.done(workflowId, 1);
      },
    },
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect(server.connection), namespace: server.namespace });
  const started: string[] = [];
  const timed = async (workflowType: string, workflowId: string, args: unknown[]) => {
    const fifth = clock.when(workflowId);
    const t0 = performance.now();
    await client.workflow.start(workflowType, { taskQueue, workflowId, args });
    return (await fifth) - t0;
  };
  return {
    crisis() {
      const input = benchCrisisInput();
      started.push(input.crisisId);
      return timed('crisisWorkflow', input.crisisId, [input]);
    },
    baseline: () => timed('baselineFanOut', `bench-baseline-${randomUUID()}`, []),
    rawFanOut: () => timed('rawFanOut', `bench-raw-${randomUUID()}`, [0]),
    async close(log) {
      log(`crisis: terminating ${started.length} bench crises`);
      for (const id of started)
        await client.workflow
          .getHandle(id)
          .terminate('benchmark over')
          .catch(() => undefined);
      worker.shutdown();
      await running;
      await client.connection.close();
    },
  };
}

/** Runs `run` `n` times, `concurrency` at once; returns the seconds it took. */
export async function pool(n: number, concurrency: number, run: () => Promise<number>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await run();
    }),
  );
  return (performance.now() - t0) / 1000;
}
