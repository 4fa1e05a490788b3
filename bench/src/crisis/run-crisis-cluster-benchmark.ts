import { temporalConnectionOptions } from '@hilfenetz/config';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEnv, ensureBenchDatabase, freshSchema, openBenchDataSource } from '../bench-env';
import { summarize, type Summary } from '../percentiles';
import { prettified } from '../report';
import { gitTree } from '../system-run';
import { devServer, pool, startBenchSide, type BenchServer, type BenchSide } from './bench-crisis.support';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CTL = path.join(ROOT, 'tests', 'cluster', 'support', 'temporal-server-ctl.mjs');
const int = (k: string, d: number) => Number(process.env[k] ?? d);
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/**
 * The production shape's Temporal server (issue 15: the full server from the Go module proxy, on
 * Postgres with SQL visibility, mutual TLS), started as the cluster tests start it: its own data
 * directory and databases on the dev stack's Postgres, its own ports.
 */
function startProductionTemporal(): BenchServer {
  const r = spawnSync(process.execPath, [CTL, 'start'], { cwd: ROOT, encoding: 'utf8', env: process.env });
  const line = r.stdout.split('\n').find((l) => l.startsWith('TEMPORAL_SERVER_JSON='));
  if (r.status !== 0 || !line) throw new Error(`starting the Temporal server failed:\n${r.stdout}\n${r.stderr}`);
  const env = JSON.parse(line.slice('TEMPORAL_SERVER_JSON='.length)) as Record<string, string>;
  return {
    connection: temporalConnectionOptions({
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS!,
      TEMPORAL_TLS_CA_FILE: env.TEMPORAL_TLS_CA_FILE,
      TEMPORAL_TLS_CERT_FILE: env.TEMPORAL_TLS_CERT_FILE,
      TEMPORAL_TLS_KEY_FILE: env.TEMPORAL_TLS_KEY_FILE,
      TEMPORAL_TLS_SERVER_NAME: env.TEMPORAL_TLS_SERVER_NAME,
    }),
    namespace: env.TEMPORAL_NAMESPACE!,
  };
}

interface SideFigures {
  crisis: Summary;
  rawFanOut: Summary;
  throughput: { concurrency: number; crisisPerSec: number; rawPerSec: number }[];
}

/**
 * `npm run bench:crisis:cluster` (issue 15): the crisis workflow on the production shape's Temporal
 * server beside the dev server, in one run. Same process, same worker code and activities (the
 * real event store on the bench database), the samples alternating between the two servers, so the
 * machine's load falls on both alike; what differs is the engine: the dev server (one process,
 * SQLite, no TLS) against the full server (its services in one process, Postgres persistence and
 * visibility, mutual TLS). The raw fan-out of five no-op activities runs on each as its floor.
 */
async function main(): Promise<void> {
  const env = benchEnv();
  await ensureBenchDatabase(env);
  await freshSchema(env);
  const ds = await openBenchDataSource(env, { poolSize: 20, applicationName: 'hilfenetz-bench-crisis-cluster' });
  const samples = int('BENCH_CRISIS_SAMPLES', 1_000);
  const count = int('BENCH_CRISIS_COUNT', 200);
  const concurrencies = (process.env.BENCH_CRISIS_CONCURRENCY ?? '20,50').split(',').map(Number);
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  const loadStart = os.loadavg().map((x) => x.toFixed(2));
  log('crisis/cluster: starting the production Temporal server (temporal-server-ctl.mjs)');
  const production = startProductionTemporal();
  const sides: Record<'dev' | 'production', BenchSide> = {
    dev: await startBenchSide(ds, devServer()),
    production: await startBenchSide(ds, production),
  };
  try {
    log('crisis/cluster: warm-up');
    for (const s of Object.values(sides)) {
      await pool(10, 5, s.crisis);
      await pool(10, 5, s.rawFanOut);
    }
    log(`crisis/cluster: latency, ${samples} crises and raw fan-outs on each server, one at a time, alternating`);
    const lat = { dev: { c: [] as number[], r: [] as number[] }, production: { c: [] as number[], r: [] as number[] } };
    for (let i = 0; i < samples; i++) {
      lat.dev.c.push(await sides.dev.crisis());
      lat.production.c.push(await sides.production.crisis());
      lat.dev.r.push(await sides.dev.rawFanOut());
      lat.production.r.push(await sides.production.rawFanOut());
    }
    const throughput = { dev: [] as SideFigures['throughput'], production: [] as SideFigures['throughput'] };
    for (const concurrency of concurrencies) {
      log(`crisis/cluster: sustained, ${count} of each at concurrency ${concurrency} on each server`);
      for (const name of ['production', 'dev'] as const) {
        const tr = await pool(count, concurrency, sides[name].rawFanOut);
        const tc = await pool(count, concurrency, sides[name].crisis);
        throughput[name].push({ concurrency, crisisPerSec: count / tc, rawPerSec: count / tr });
      }
    }
    const figures: Record<'dev' | 'production', SideFigures> = {
      dev: { crisis: summarize(lat.dev.c), rawFanOut: summarize(lat.dev.r), throughput: throughput.dev },
      production: {
        crisis: summarize(lat.production.c),
        rawFanOut: summarize(lat.production.r),
        throughput: throughput.production,
      },
    };
    await report(figures, { samples, count, loadStart, loadEnd: os.loadavg().map((x) => x.toFixed(2)) });
  } finally {
    for (const s of Object.values(sides)) await s.close(log);
    await ds.destroy();
    spawnSync(process.execPath, [CTL, 'stop'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  }
}

async function report(
  r: Record<'dev' | 'production', SideFigures>,
  run: { samples: number; count: number; loadStart: string[]; loadEnd: string[] },
): Promise<void> {
  const { dev, production: prod } = r;
  const judged = run.samples >= 1_000;
  const p99 = (s: Summary) => (judged ? `${f(s.p99)} ms` : '– (< 1,000 samples)');
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const tree = gitTree();
  const rows = [
    `| trigger → 5th party notified, crisis (${run.samples} each) | p50 ${f(dev.crisis.p50)} ms, p99 ${p99(dev.crisis)} | p50 ${f(prod.crisis.p50)} ms, p99 ${p99(prod.crisis)} | p50 ${ratio(prod.crisis.p50, dev.crisis.p50)}, p99 ${judged ? ratio(prod.crisis.p99, dev.crisis.p99) : '–'} |`,
    `| start → 5th no-op done, raw fan-out (${run.samples} each) | p50 ${f(dev.rawFanOut.p50)} ms, p99 ${p99(dev.rawFanOut)} | p50 ${f(prod.rawFanOut.p50)} ms, p99 ${p99(prod.rawFanOut)} | p50 ${ratio(prod.rawFanOut.p50, dev.rawFanOut.p50)}, p99 ${judged ? ratio(prod.rawFanOut.p99, dev.rawFanOut.p99) : '–'} |`,
    ...dev.throughput.flatMap((d, i) => {
      const p = prod.throughput[i]!;
      return [
        `| sustained crises/s, ${run.count} at concurrency ${d.concurrency} | ${f(d.crisisPerSec)} | ${f(p.crisisPerSec)} | ${ratio(p.crisisPerSec, d.crisisPerSec)} |`,
        `| sustained raw fan-outs/s, ${run.count} at concurrency ${d.concurrency} | ${f(d.rawPerSec)} | ${f(p.rawPerSec)} | ${ratio(p.rawPerSec, d.rawPerSec)} |`,
      ];
    }),
  ];
  const md = [
    `# Crisis workflow on the production Temporal server beside the dev server: ${new Date().toISOString().slice(0, 16)} UTC`,
    '',
    `One run, one process, one 2-core machine: a worker per server with the same bundle and the crisis's real activities on the same bench database; samples alternate between the servers. Dev server: \`temporal server start-dev\` (one process, SQLite, no TLS). Production: the full Temporal server built from the Go module proxy (infra/cluster/lib/temporal-server.mjs), Postgres persistence and SQL visibility on the dev stack's Postgres, mutual TLS. Load average ${run.loadStart.join(' / ')} at the start, ${run.loadEnd.join(' / ')} at the end. Commit ${tree.commit.slice(0, 7)}${tree.dirty ? ' (apps, libs or workflows changed against it)' : ''}. Produced by \`npm run bench:crisis:cluster\`.`,
    '',
    '| case | dev server | production server | production ÷ dev |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '"Notified" means the fifth PartyNotified event is durable in the event store. Percentiles are nearest-rank over every sample (bench/src/percentiles.ts). The raw fan-out is the engine\'s floor on each server: a crisis ÷ raw ratio that holds on both means the crisis pays no extra for the production engine.',
  ].join('\n');
  const dir = path.resolve(__dirname, '..', '..', 'results');
  const latest = path.join(dir, 'crisis-cluster-latest.md');
  writeFileSync(latest, await prettified(md + '\n', latest));
  const json = path.join(dir, `${new Date().toISOString().slice(0, 10)}-crisis-cluster.json`);
  writeFileSync(json, await prettified(JSON.stringify({ run, ...r }, null, 2) + '\n', json));
  console.log(md);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
