import { createActivities } from '@hilfenetz/activities';
import type { CrisisWorkflowInput, NewEvent } from '@hilfenetz/contracts';
import { parseMasterKey, PersonalDataVault, PostgresEventStore, type ExpectedVersion } from '@hilfenetz/event-store';
import { GuardianCodeStore } from '@hilfenetz/persistence';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { summarize, type Summary } from '../percentiles';

/** Records, per workflow, when its fifth notification (or the baseline's notify no-op) was durable. */
class FifthStepClock {
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

/** The real event store, noting when PartyNotified events became durable. */
class ObservedStore extends PostgresEventStore {
  constructor(
    ds: DataSource,
    private readonly fifthSteps: FifthStepClock,
  ) {
    super(ds);
  }
  override async append(streamId: string, events: NewEvent[], expected?: ExpectedVersion) {
    const r = await super.append(streamId, events, expected);
    const notified = events.filter((e) => e.type === 'PartyNotified').length;
    const wf = events[0]?.metadata.workflowId;
    if (notified > 0 && wf) this.fifthSteps.done(wf, notified);
    return r;
  }
}

export interface CrisisBenchResult {
  latency: { crisis: Summary; baseline: Summary; ratioP50: number; ratioP99: number; samples: number };
  throughput: { crisisPerSec: number; baselinePerSec: number; ratio: number; count: number; concurrency: number };
  memory: {
    openCrises: number;
    rssBeforeMb: number;
    rssAfterMb: number;
    heapBeforeMb: number;
    heapAfterMb: number;
    perCrisisKb: number;
  };
}

/**
 * Trigger → fifth party notified (durable in the event store), against a baseline workflow of the
 * same shape with no-op activities, on the same dev server and worker, in the same run.
 */
export async function crisisBench(
  ds: DataSource,
  sizes: { samples: number; throughputCount: number; concurrency: number; openCrises: number },
  log: (m: string) => void,
): Promise<CrisisBenchResult> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const taskQueue = `bench-crisis-${randomUUID().slice(0, 8)}`;
  const clock = new FifthStepClock();
  const store = new ObservedStore(ds, clock);
  const masterKey = process.env.PERSONAL_DATA_MASTER_KEY ?? '';
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./bench.workflows'), logger: quiet });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: bundle,
    maxCachedWorkflows: 2_000,
    activities: {
      ...createActivities({
        eventStore: store,
        // No channel outside the app: the bench prices the protocol, not an SMS gateway.
        notifications: {
          eventStore: store,
          vault: new PersonalDataVault(ds, parseMasterKey(masterKey)),
          channels: [],
          guardianCodes: GuardianCodeStore.fromMasterKey(ds, masterKey),
          appUrl: 'http://127.0.0.1:5173',
        },
      }),
      async noop(step: string) {
        // The baseline's one notify step stands for the five notifications the crisis records at once.
        if (step === 'notify') clock.done(Context.current().info.workflowExecution!.workflowId, 5);
      },
    },
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address }) });
  const started: string[] = [];

  const crisis = async (): Promise<number> => {
    const caseId = `FALL-BENCH-${randomUUID().slice(0, 8)}`;
    const input: CrisisWorkflowInput = {
      crisisId: `crisis-${caseId}-${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      caseId,
      dangerKind: 'self',
      urgency: 'immediate',
      triggeredBy: { id: 'u-bench', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
      requestedAt: new Date().toISOString(),
      correlationId: randomUUID(),
      agreement: { agreementId: 'lindenau-krisenkooperation', version: '2026-1' },
    };
    const fifth = clock.when(input.crisisId);
    const t0 = performance.now();
    await client.workflow.start('crisisWorkflow', { taskQueue, workflowId: input.crisisId, args: [input] });
    started.push(input.crisisId);
    return (await fifth) - t0;
  };
  const baseline = async (): Promise<number> => {
    const id = `bench-baseline-${randomUUID()}`;
    const fifth = clock.when(id);
    const t0 = performance.now();
    await client.workflow.start('baselineFanOut', { taskQueue, workflowId: id, args: [] });
    return (await fifth) - t0;
  };
  const pool = async (n: number, concurrency: number, run: () => Promise<number>) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < n) await run();
      }),
    );
    return (performance.now() - t0) / 1000;
  };

  try {
    log('crisis: warm-up');
    await pool(10, 5, crisis);
    await pool(10, 5, baseline);
    log(`crisis: latency, ${sizes.samples} of each, one at a time, alternating`);
    const lc: number[] = [];
    const lb: number[] = [];
    for (let i = 0; i < sizes.samples; i++) {
      lc.push(await crisis());
      lb.push(await baseline());
    }
    log(`crisis: throughput, ${sizes.throughputCount} of each at concurrency ${sizes.concurrency}`);
    const tb = await pool(sizes.throughputCount, sizes.concurrency, baseline);
    const tc = await pool(sizes.throughputCount, sizes.concurrency, crisis);

    log(`crisis: memory with ${sizes.openCrises} open crises waiting`);
    global.gc?.();
    const before = process.memoryUsage();
    await pool(sizes.openCrises, 50, crisis);
    global.gc?.();
    const after = process.memoryUsage();
    const mb = (x: number) => Math.round((x / 1024 / 1024) * 10) / 10;
    const c = summarize(lc);
    const b = summarize(lb);
    return {
      latency: { crisis: c, baseline: b, ratioP50: c.p50 / b.p50, ratioP99: c.p99 / b.p99, samples: sizes.samples },
      throughput: {
        crisisPerSec: sizes.throughputCount / tc,
        baselinePerSec: sizes.throughputCount / tb,
        ratio: tb / tc,
        count: sizes.throughputCount,
        concurrency: sizes.concurrency,
      },
      memory: {
        openCrises: sizes.openCrises,
        rssBeforeMb: mb(before.rss),
        rssAfterMb: mb(after.rss),
        heapBeforeMb: mb(before.heapUsed),
        heapAfterMb: mb(after.heapUsed),
        perCrisisKb: Math.round(((after.rss - before.rss) / sizes.openCrises / 1024) * 10) / 10,
      },
    };
  } finally {
    log(`crisis: terminating ${started.length} bench crises`);
    for (const id of started)
      await client.workflow
        .getHandle(id)
        .terminate('benchmark over')
        .catch(() => undefined);
    worker.shutdown();
    await running;
    await client.connection.close();
  }
}

const noop = () => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
