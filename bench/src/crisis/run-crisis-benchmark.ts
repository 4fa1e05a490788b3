import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEnv, ensureBenchDatabase, freshSchema, openBenchDataSource } from '../bench-env';
import { prettified } from '../report';
import { gitTree } from '../system-run';
import { crisisBench, type MemoryDelta } from './crisis.bench';

const int = (k: string, d: number) => Number(process.env[k] ?? d);
/** Per open workflow, KB of RSS growth that is not V8's reserved heap growing. */
const native = (d: MemoryDelta, open = 1) =>
  Math.round(((d.rssAfterMb - d.rssBeforeMb - (d.heapTotalAfterMb - d.heapTotalBeforeMb)) * 1024) / open);
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/**
 * `npm run bench:crisis`: the crisis workflow against (a) a same-shape no-op workflow and (b) a raw
 * workflow fanning out five no-op activities, same server, same run; memory in worker processes of
 * their own (issue 16).
 */
async function main(): Promise<void> {
  const env = benchEnv();
  await ensureBenchDatabase(env);
  await freshSchema(env);
  const ds = await openBenchDataSource(env, { poolSize: 20, applicationName: 'hilfenetz-bench-crisis' });
  const load = os.loadavg()[0]!.toFixed(2);
  const sizes = {
    samples: int('BENCH_CRISIS_SAMPLES', 1_000),
    throughputCount: int('BENCH_CRISIS_COUNT', 200),
    concurrencies: (process.env.BENCH_CRISIS_CONCURRENCY ?? '20,50,100').split(',').map(Number),
    openCrises: int('BENCH_CRISIS_OPEN', 1_000),
  };
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  try {
    const r = await crisisBench(ds, sizes, log);
    const { latency: l, memory: m } = r;
    const judged = l.samples >= 1_000;
    const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
    const p99 = (x: number) => (judged ? `${f(x)} ms` : '– (< 1,000 samples)');
    const end = os.loadavg()[0]!.toFixed(2);
    const tree = gitTree();
    const md = [
      `# Crisis workflow benchmark: ${new Date().toISOString().slice(0, 16)} UTC`,
      '',
      `Dev server (one shard, SQLite), worker and Postgres on one 2-core machine; load average ${load} at the start, ${end} at the end. Commit ${tree.commit.slice(0, 7)}${tree.dirty ? ' (apps, libs or workflows changed against it)' : ''}. Produced by \`npm run bench:crisis\`.`,
      '',
      '| case | crisis | (a) same shape, no-op activities | (b) raw fan-out, five no-op activities in parallel | crisis ÷ (b) | target (issue 16) |',
      '| --- | --- | --- | --- | --- | --- |',
      `| trigger → 5th party notified, one at a time (${l.samples} each) | p50 ${f(l.crisis.p50)} ms, p99 ${p99(l.crisis.p99)} | p50 ${f(l.sameShape.p50)} ms, p99 ${p99(l.sameShape.p99)} | p50 ${f(l.rawFanOut.p50)} ms, p99 ${p99(l.rawFanOut.p99)} | p50 ${l.ratioP50.toFixed(2)}×, p99 ${judged ? `${l.ratioP99.toFixed(2)}×` : '–'} | p50 ≤ 1.25×: ${verdict(l.ratioP50 <= 1.25)}; p99 ≤ 1.5×: ${judged ? verdict(l.ratioP99 <= 1.5) : 'not judged'} |`,
      ...r.throughput.map(
        (t) =>
          `| sustained, ${t.count} at concurrency ${t.concurrency} | ${f(t.crisisPerSec)} crises/s | – | ${f(t.rawPerSec)} workflows/s | ${t.ratio.toFixed(2)}× | ≥ 0.8×: ${verdict(t.ratio >= 0.8)} |`,
      ),
      `| worker memory per open workflow, ${m.openWorkflows} open, each side its own worker process | ${m.crisis.perWorkflowKb} KB (RSS ${m.crisis.rssBeforeMb} → ${m.crisis.rssAfterMb} MB, heap ${m.crisis.heapBeforeMb} → ${m.crisis.heapAfterMb} MB) | – | ${m.raw.perWorkflowKb} KB (RSS ${m.raw.rssBeforeMb} → ${m.raw.rssAfterMb} MB, heap ${m.raw.heapBeforeMb} → ${m.raw.heapAfterMb} MB), waiting on a timer | ${m.ratio.toFixed(2)}× | ≤ 1.2×: ${verdict(m.ratio <= 1.2)} |`,
      '',
      '"Notified" means the fifth PartyNotified event is durable in the event store (hash chain; the five are one append since patch log-order-follows-decisions); (a) counts its notify no-op activity as done, (b) its fifth parallel no-op. Latency and throughput run on one worker in this process (same task queue and server for all three); the three alternate one at a time.',
      '',
      `Memory: each side in a worker process of its own (\`memory-worker.ts\`, \`--expose-gc\`, the same bundle options as the app's worker, workflow cache ${m.cachedWorkflows.toLocaleString('en-US')} so every open workflow stays cached), measured after two forced collections before the first workflow and once all ${m.openWorkflows} had done their fifth step; per open workflow = RSS growth ÷ ${m.openWorkflows}. The crises (input as the API builds it, agreement version included; the in-app delivery window set to 15 minutes in the agreement's data so that every crisis is measured in the same state) wait for their receipts and acknowledgements (one timer for all deadlines and windows); the raw fan-outs wait on a 24-hour timer. Outside V8's heap (RSS growth − growth of the reserved heap, per open workflow): crisis ${native(m.crisis, m.openWorkflows)} KB, raw ${native(m.raw, m.openWorkflows)} KB; buffers held by JS: crisis ${m.crisis.externalBeforeMb} → ${m.crisis.externalAfterMb} MB, raw ${m.raw.externalBeforeMb} → ${m.raw.externalAfterMb} MB.`,
      '',
      `Diagnostic (not a baseline): the raw fan-out started with a crisis's own input (the trigger and the agreement version: organisations, contacts, rules; \`rawFanOutWithInput\`) and holding it while it waits: ${m.rawWithCrisisInput.perWorkflowKb} KB per open workflow (RSS ${m.rawWithCrisisInput.rssBeforeMb} → ${m.rawWithCrisisInput.rssAfterMb} MB; outside V8's heap ${native(m.rawWithCrisisInput, m.openWorkflows)} KB), ${f(m.rawWithCrisisInput.perWorkflowKb - m.raw.perWorkflowKb)} KB beside the plain raw fan-out, where the crisis is ${f(m.crisis.perWorkflowKb - m.raw.perWorkflowKb)} KB above it.`,
    ].join('\n');
    const dir = path.resolve(__dirname, '..', '..', 'results');
    const latest = path.join(dir, 'crisis-latest.md');
    writeFileSync(latest, await prettified(md + '\n', latest));
    const json = path.join(dir, `${new Date().toISOString().slice(0, 10)}-crisis.json`);
    writeFileSync(json, await prettified(JSON.stringify({ sizes, load, ...r }, null, 2) + '\n', json));
    console.log(md);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
