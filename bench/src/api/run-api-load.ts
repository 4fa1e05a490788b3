import { ensureDatabase, PrivateTemporal, startSystem, stopSystem, tokenFor } from '@hilfenetz/testing';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, summarize, type Summary } from '../percentiles';
import { prettified } from '../report';
import { describeSystemRun, gitTree } from '../system-run';
import { log, positiveInt } from '../bench-cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const int = positiveInt;
const f = (x: number) => (!Number.isFinite(x) ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));

/** The routes the issue sets a target for (p99 < 300 ms at 50 users), by their sample names. */
const TARGETS: Record<string, number> = {
  'POST /cases/:caseId/crises (trigger)': 300,
  'POST …/tasks/:taskId/acknowledge': 300,
};
const BASELINE = 'GET /ready (baseline)';

interface Sample {
  t: number;
  name?: string;
  ms?: number;
  status?: number | null;
  error?: string | null;
  spawned?: number;
}

interface RouteResult {
  name: string;
  requests: number;
  errors: number;
  perSecond: number;
  latency: Summary & { p95: number };
  /** p99 of the route ÷ p99 of GET /ready in the same window. */
  p99OverBaseline: number;
}

/** One run: a fresh system, Locust for `seconds`, the samples from the moment all users had started. */
interface RunResult {
  startedAt: string;
  windowSeconds: number;
  loadStart: number[];
  loadEnd: number[];
  samples: Sample[];
  databaseUrl: string;
}

/**
 * `npm run bench:api`: the three journeys (caseworker triggers, clinic acknowledges, supervisor
 * reads) as 50 concurrent Locust users for two minutes against the real system (issue 20's
 * scenario), repeated on a fresh system each time and pooled: API, worker, projector and SMS
 * gateway as processes, as `npm start` runs them, on their own database and their own Temporal dev
 * server, with the stack's Keycloak issuing the demo users' tokens. Per route: requests/s,
 * p50/p95/p99, errors, over the samples of every run; beside them GET /ready under the same load at
 * the same time (the Nest stack with one Postgres and one Temporal round trip: the floor every route
 * stands on).
 *
 * Why repeated two-minute runs and not one long one: every crisis of the run stays open (only the
 * clinic acknowledges), so its contact windows and deadlines (1, 3, 5 minutes and on) add work as the
 * run goes on: one five-minute run wrote 2.2 times the events per second at its end as at its start,
 * and its last 40 s held the acknowledgement's p99 (bench/README.md, session 21). Two minutes, as
 * the issue asks, is a defined state; three of them give the p99 its 1,000 samples.
 */
async function main(): Promise<void> {
  const sizes = {
    users: int('LOAD_USERS', 50),
    seconds: int('LOAD_SECONDS', 120),
    runs: int('LOAD_RUNS', 3),
    caseworkers: int('LOAD_CASEWORKERS', 10),
    clinic: int('LOAD_CLINIC', 20),
    supervisors: int('LOAD_SUPERVISORS', 20),
    thinkSeconds: `${process.env.LOAD_THINK_MIN ?? '1'}–${process.env.LOAD_THINK_MAX ?? '3'}`,
  };
  if (sizes.caseworkers + sizes.clinic + sizes.supervisors !== sizes.users) {
    throw new Error('LOAD_CASEWORKERS + LOAD_CLINIC + LOAD_SUPERVISORS must add up to LOAD_USERS');
  }
  const locust = JSON.parse(
    execFileSync(process.execPath, [path.join(ROOT, 'infra/dev/lib/locust.mjs')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop() ?? '[]',
  ) as string[];
  const tree = gitTree();
  // ensureDatabase creates `<DATABASE_URL's db>_bench_api` as the superuser (BENCH_ADMIN_URL, set by
  // `infra/dev/hilfenetz-dev.mjs exec`), owned by the schema owner.
  const hadAdmin = process.env.DATABASE_ADMIN_URL;
  process.env.DATABASE_ADMIN_URL = hadAdmin || process.env.BENCH_ADMIN_URL;
  await ensureDatabase('bench_api');
  if (hadAdmin === undefined) delete process.env.DATABASE_ADMIN_URL;
  const stackTemporal = process.env.BENCH_API_TEMPORAL === 'stack';
  const temporalUsed = stackTemporal
    ? "the stack's dev server (BENCH_API_TEMPORAL=stack), with whatever earlier runs left in it"
    : 'a dev server of its own per run (`temporal server start-dev` as `npm start` runs it, fresh SQLite file)';

  const runs: RunResult[] = [];
  for (let i = 1; i <= sizes.runs; i++) {
    log(`run ${i} of ${sizes.runs}`);
    runs.push(await oneRun(locust, sizes, stackTemporal));
  }

  const measured = runs.flatMap((r) => r.samples);
  const windowSeconds = runs.reduce((sum, r) => sum + r.windowSeconds, 0);
  const byName = groupByRoute(measured);
  const baselineP99 = summarizeWithP95(byName.get(BASELINE) ?? []).p99;
  const routes: RouteResult[] = [...byName.entries()]
    .map(([name, ss]) => {
      const latency = summarizeWithP95(ss);
      return {
        name,
        requests: ss.length,
        errors: ss.filter((s) => s.error).length,
        perSecond: ss.length / windowSeconds,
        latency,
        p99OverBaseline: latency.p99 / baselineP99,
      };
    })
    .sort((a, b) => b.requests - a.requests);
  const perRun = runs.map((r) => {
    const routesOfRun = groupByRoute(r.samples);
    const p99 = (name: string) => summarizeWithP95(routesOfRun.get(name) ?? []).p99;
    return {
      startedAt: r.startedAt,
      windowSeconds: Math.round(r.windowSeconds),
      loadStart: r.loadStart.map((x) => Number(x.toFixed(2))),
      loadEnd: r.loadEnd.map((x) => Number(x.toFixed(2))),
      p99: Object.fromEntries([...Object.keys(TARGETS), BASELINE].map((name) => [name, p99(name)])),
      samples: Object.fromEntries(
        [...Object.keys(TARGETS), BASELINE].map((name) => [name, routesOfRun.get(name)?.length ?? 0]),
      ),
    };
  });
  const errors = measured.filter((s) => s.error);
  const first = runs[0]!;
  const last = runs.at(-1)!;
  const machine = {
    ...(await describeSystemRun(first.databaseUrl, first.loadStart, last.loadEnd, tree)),
    temporal: temporalUsed,
  };
  const startedAt = first.startedAt;
  const md = markdown(routes, perRun, sizes, machine, startedAt, windowSeconds, errors);
  console.log(md);
  if (process.argv.includes('--no-write')) return;
  const dir = path.resolve(__dirname, '..', '..', 'results');
  mkdirSync(dir, { recursive: true });
  const latest = path.join(dir, 'api-latest.md');
  writeFileSync(latest, await prettified(md, latest));
  const json = path.join(dir, `${startedAt.slice(0, 10)}-api.json`);
  const firstErrors = errors.slice(0, 20).map((e) => ({ name: e.name, status: e.status, error: e.error }));
  writeFileSync(
    json,
    await prettified(
      JSON.stringify(
        { name: 'api-load', startedAt, windowSeconds, sizes, machine, perRun, routes, firstErrors },
        null,
        2,
      ),
      json,
    ),
  );
  log(`wrote ${path.relative(ROOT, latest)} and ${path.relative(ROOT, json)}`);
}

async function oneRun(
  locust: string[],
  sizes: { users: number; seconds: number; caseworkers: number; clinic: number; supervisors: number },
  stackTemporal: boolean,
): Promise<RunResult> {
  // A Temporal dev server of the run's own, fresh, started as `npm start` starts the stack's: the run
  // does not depend on what earlier runs left in a server, nor leave its open crises in the stack's.
  const ownTemporal = stackTemporal ? null : await PrivateTemporal.create(ROOT);
  const stackAddress = process.env.TEMPORAL_ADDRESS;
  if (ownTemporal) {
    log(`Temporal dev server of this run on ${ownTemporal.address} (fresh SQLite file)`);
    process.env.TEMPORAL_ADDRESS = ownTemporal.address;
  }
  try {
    log('starting API, worker, projector and SMS gateway on their own database (reset)');
    const system = await startSystem(ROOT, {
      dbSuffix: 'bench_api',
      label: 'bench-api',
      // 50 users share three demo accounts: the per-user limits would refuse them (they have their own tests).
      extraEnv: { API_WRITE_RATE_LIMIT: '100000', CASE_READ_RATE_LIMIT: '1000000' },
    });
    const work = path.join(ROOT, 'var', 'bench-api');
    mkdirSync(work, { recursive: true });
    const samplesFile = path.join(work, 'samples.jsonl');
    try {
      const tokens: Record<string, string> = {};
      for (const user of ['fachkraft', 'klinik', 'leitung']) {
        tokens[`LOAD_TOKEN_${user.toUpperCase()}`] = await tokenFor(system.issuer, user);
      }
      const loadStart = os.loadavg();
      const startedAt = new Date().toISOString();
      log(`${sizes.users} users for ${sizes.seconds} s against ${system.apiUrl}`);
      const [exe, ...prefix] = locust;
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(
          exe!,
          [
            ...prefix,
            '-f',
            path.join(__dirname, 'hilfenetz.locustfile.py'),
            '--headless',
            '--only-summary',
            `--users=${sizes.users}`,
            `--spawn-rate=${Math.max(1, Math.ceil(sizes.users / 10))}`,
            `--run-time=${sizes.seconds}s`,
            '--stop-timeout=15',
            `--host=${system.apiUrl}`,
          ],
          {
            cwd: work,
            env: {
              ...process.env,
              ...tokens,
              LOAD_SAMPLES_FILE: samplesFile,
              LOAD_CASEWORKERS: String(sizes.caseworkers),
              LOAD_CLINIC: String(sizes.clinic),
              LOAD_SUPERVISORS: String(sizes.supervisors),
            },
            stdio: ['ignore', 'inherit', 'inherit'],
          },
        );
        child.on('error', reject);
        child.on('close', resolve);
      });
      const loadEnd = os.loadavg();
      log(`locust exited with ${code}`);
      const lines = readFileSync(samplesFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Sample);
      // The ramp-up (users still starting) is not measured: from the moment all had started.
      const from = lines.find((l) => l.spawned !== undefined)?.t ?? lines[0]?.t ?? 0;
      const samples = lines.filter((l) => l.name !== undefined && l.t >= from);
      const to = Math.max(...samples.map((l) => l.t));
      return { startedAt, windowSeconds: to - from, loadStart, loadEnd, samples, databaseUrl: system.databaseUrl };
    } finally {
      await stopSystem(system.apps, system.topicPrefix, 'bench-api');
    }
  } finally {
    await ownTemporal?.stop();
    // Assigning undefined to process.env would store the string "undefined".
    if (ownTemporal && stackAddress === undefined) delete process.env.TEMPORAL_ADDRESS;
    else if (ownTemporal) process.env.TEMPORAL_ADDRESS = stackAddress;
  }
}

function groupByRoute(samples: Sample[]): Map<string, Sample[]> {
  const byName = new Map<string, Sample[]>();
  for (const s of samples) {
    const route = byName.get(s.name!);
    if (route) route.push(s);
    else byName.set(s.name!, [s]);
  }
  return byName;
}

function summarizeWithP95(ss: Sample[]): Summary & { p95: number } {
  const ms = ss.map((s) => s.ms ?? 0);
  return {
    ...summarize(ms),
    p95: percentile(
      [...ms].sort((a, b) => a - b),
      95,
    ),
  };
}

interface PerRun {
  startedAt: string;
  windowSeconds: number;
  loadStart: number[];
  loadEnd: number[];
  p99: Record<string, number>;
  samples: Record<string, number>;
}

function markdown(
  routes: RouteResult[],
  perRun: PerRun[],
  sizes: {
    users: number;
    seconds: number;
    runs: number;
    caseworkers: number;
    clinic: number;
    supervisors: number;
    thinkSeconds: string;
  },
  machine: Record<string, string>,
  startedAt: string,
  windowSeconds: number,
  errors: Sample[],
): string {
  const verdict = (r: RouteResult) => {
    const target = TARGETS[r.name];
    if (target === undefined) return '';
    if (r.requests < 1000) return `p99 < ${target} ms: not judged (${r.requests} < 1,000 samples)`;
    return r.latency.p99 < target ? `p99 < ${target} ms: MET` : `p99 < ${target} ms: MISSED`;
  };
  return [
    `# API load: ${startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${sizes.users} concurrent users (Locust) for ${sizes.seconds} s, ${sizes.runs} times, each time against a fresh system (API, worker, projector, SMS gateway as \`npm start\` runs them on a reset database, a Temporal dev server of the run's own, the stack's Kafka, Postgres and Keycloak): ${sizes.caseworkers} caseworkers register a case, trigger a crisis on it and open the crisis; ${sizes.clinic} clinic staff take a triggered crisis, look into the inbox until the clinic's task shows (every 0.5 s) and acknowledge it; ${sizes.supervisors} supervisors read the crisis board and a recent case's timeline. Think time ${sizes.thinkSeconds} s between actions. Measured: ${windowSeconds.toFixed(0)} s in all, in each run from the moment all users had started; the table pools the samples of every run. Percentiles are nearest-rank (bench/src/percentiles.ts). Produced by \`npm run bench:api\` (bench/src/api). Load average at the start ${machine['load average at start (1/5/15 min)']}, at the end ${machine['load average at end (1/5/15 min)']}; Locust runs on the same 2 cores.`,
    '',
    `The baseline is \`GET /ready\` asked by the same users in the same window: the same Nest stack, one Postgres \`SELECT 1\` and one Temporal \`GetSystemInfo\`, no token, no domain work. "÷ floor" is the route's p99 over the floor's p99.`,
    '',
    '| route | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | p99 ÷ floor | target |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...routes.map(
      (r) =>
        `| ${r.name} | ${r.requests} | ${r.errors} | ${r.perSecond.toFixed(1)} | ${f(r.latency.p50)} | ${f(r.latency.p95)} | ${f(r.latency.p99)} | ${f(r.latency.max)} | ${r.p99OverBaseline.toFixed(2)}× | ${verdict(r)} |`,
    ),
    '',
    `Errors in all: ${errors.length}${errors.length ? ` (first: ${errors[0]!.name}: ${errors[0]!.error})` : ''}.`,
    '',
    '## Each run',
    '',
    `p99 in ms of the routes with a target and of the floor, per run (samples in brackets; a run alone has fewer than 1,000, so these are not judged).`,
    '',
    `| run | started | window s | load at start → end | ${[...Object.keys(TARGETS), BASELINE].join(' | ')} |`,
    `| --- | --- | --- | --- | ${[...Object.keys(TARGETS), BASELINE].map(() => '---').join(' | ')} |`,
    ...perRun.map(
      (r, i) =>
        `| ${i + 1} | ${r.startedAt.slice(11, 19)} | ${r.windowSeconds} | ${r.loadStart[0]} → ${r.loadEnd[0]} | ${[...Object.keys(TARGETS), BASELINE].map((n) => `${f(r.p99[n] ?? NaN)} (${r.samples[n] ?? 0})`).join(' | ')} |`,
    ),
    '',
    '## Machine',
    '',
    ...Object.entries(machine).map(([k, v]) => `- ${k}: ${v}`),
    '',
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
