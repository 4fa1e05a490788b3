import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEnv, ensureBenchDatabase, freshSchema, openBenchDataSource } from '../bench-env';
import { prettified } from '../report';
import { crisisBench } from './crisis.bench';

const int = (k: string, d: number) => Number(process.env[k] ?? d);
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/** `npm run bench:crisis`: the crisis workflow against a same-shape no-op baseline, same server, same run. */
async function main(): Promise<void> {
  const env = benchEnv();
  await ensureBenchDatabase(env);
  await freshSchema(env);
  const ds = await openBenchDataSource(env, { poolSize: 20, applicationName: 'hilfenetz-bench-crisis' });
  const load = os.loadavg()[0]!.toFixed(2);
  const sizes = {
    samples: int('BENCH_CRISIS_SAMPLES', 40),
    throughputCount: int('BENCH_CRISIS_COUNT', 200),
    concurrency: int('BENCH_CRISIS_CONCURRENCY', 20),
    openCrises: int('BENCH_CRISIS_OPEN', 1_000),
  };
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  try {
    const r = await crisisBench(ds, sizes, log);
    const md = [
      `# Crisis workflow benchmark: ${new Date().toISOString().slice(0, 16)} UTC`,
      '',
      `Dev server (one shard, SQLite), worker and Postgres on one 2-core machine; load average ${load} at the start. Produced by \`npm run bench:crisis\`.`,
      '',
      '| case | crisis | baseline (same shape, no-op activities) | ratio | target |',
      '| --- | --- | --- | --- | --- |',
      `| trigger → 5th party notified, one at a time (${r.latency.samples} each) | p50 ${f(r.latency.crisis.p50)} ms, p99 ${f(r.latency.crisis.p99)} ms | p50 ${f(r.latency.baseline.p50)} ms, p99 ${f(r.latency.baseline.p99)} ms | p50 ${r.latency.ratioP50.toFixed(2)}×, p99 ${r.latency.ratioP99.toFixed(2)}× | p50 ≤ 1.5×: ${r.latency.ratioP50 <= 1.5 ? 'MET' : 'MISSED'} |`,
      `| sustained, ${r.throughput.count} at concurrency ${r.throughput.concurrency} | ${f(r.throughput.crisisPerSec)} crises/s | ${f(r.throughput.baselinePerSec)} workflows/s | ${r.throughput.ratio.toFixed(2)}× | – |`,
      '',
      `Worker process memory with ${r.memory.openCrises} open crises waiting (for acknowledgements, timers running): RSS ${r.memory.rssBeforeMb} → ${r.memory.rssAfterMb} MB, heap ${r.memory.heapBeforeMb} → ${r.memory.heapAfterMb} MB (≈ ${r.memory.perCrisisKb} KB RSS per open crisis, workflow cache 2,000).`,
      '',
      '"Notified" means the fifth PartyNotified event is durable in the event store (hash chain; the five are one append since patch log-order-follows-decisions); the baseline counts its notify no-op activity as done. Both run on the same worker, task queue and server.',
    ].join('\n');
    const dir = path.resolve(__dirname, '..', '..', 'results');
    const latest = path.join(dir, 'crisis-latest.md');
    writeFileSync(latest, await prettified(md + '\n', latest));
    writeFileSync(
      path.join(dir, `${new Date().toISOString().slice(0, 10)}-crisis.json`),
      JSON.stringify({ sizes, load, ...r }, null, 2) + '\n',
    );
    console.log(md);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
