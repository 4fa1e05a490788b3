import {
  parseCheckpointSigningKey,
  PostgresEventStore,
  verifyEventLog,
  verifyStream,
  writeSignedCheckpoint,
} from '@hilfenetz/event-store';
import { TIMELINE_PAGE_SQL } from '@hilfenetz/persistence';
import { ProjectionRunner, TimelineProjection } from '@hilfenetz/projector';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { log, positiveInt } from '../bench-cli';
import {
  BENCH_DATABASE,
  benchEnv,
  describeServers,
  ensureBenchDatabase,
  freshSchema,
  openBenchDataSource,
} from '../bench-env';
import { summarize, type Summary } from '../percentiles';
import { prettified } from '../report';
import { gitTree } from '../system-run';
import { growLandStore, landCaseId, landEvent, landStreamId } from './land-store';

/** What one size of the store measured. */
interface SizeResult {
  events: number;
  streams: number;
  /** Growing the store to this size through the store's append (one call per stream): seconds and events/s. */
  grow: { events: number; seconds: number; eventsPerSec: number };
  databaseBytes: number;
  checkpointSeconds: number;
  /** One event per append call, 32 writers, random existing streams. */
  appendMs: Summary;
  rebuild: { seconds: number; eventsPerSec: number };
  /** The API's timeline page query (first page of 100) of a random case. */
  timelinePageMs: Summary;
  /** events:verify of one random case: its hash chain re-computed. */
  verifyOneCaseMs: Summary;
  /** events:verify of the whole log: every chain, the latest signed checkpoint, holds and keys. */
  verifyAll: { seconds: number; eventsPerSec: number; findings: number };
}

const ms = (x: number) => (!Number.isFinite(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const n = (x: number) => x.toLocaleString('en-US');
const pick = (streams: number) => Math.floor(Math.random() * streams);

/** Runs `total` calls of `one` from `writers` concurrent callers; each call's time in ms. */
async function timed(total: number, writers: number, one: (k: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let k = next++; k < total; k = next++) {
        const t = performance.now();
        await one(k);
        samples.push(performance.now() - t);
      }
    }),
  );
  return samples;
}

async function measureSize(
  ds: DataSource,
  owner: DataSource,
  store: PostgresEventStore,
  target: {
    streams: number;
    from: number;
    perStream: number;
    samples: number;
    writers: number;
    appendedBefore: number;
  },
  key: ReturnType<typeof parseCheckpointSigningKey>,
  trusted: string,
): Promise<SizeResult> {
  const { streams, perStream, samples } = target;
  const events = streams * perStream;
  log(`scale ${n(events)}: growing the store to ${n(streams)} case streams …`);
  const seconds = await growLandStore(store, { from: target.from, to: streams }, perStream, target.writers, (d) =>
    log(`  ${n(target.from + d)} streams`),
  );
  const grown = (streams - target.from) * perStream;
  // What a running database would have done by itself (autovacuum): plans for the size at hand.
  await owner.query('VACUUM (ANALYZE) events');
  await owner.query('VACUUM (ANALYZE) event_streams');

  log(`scale ${n(events)}: a signed checkpoint …`);
  let t = performance.now();
  await writeSignedCheckpoint(ds, key);
  const checkpointSeconds = (performance.now() - t) / 1000;

  log(`scale ${n(events)}: ${n(samples)} appends of one event, 32 writers …`);
  // Built before the clock starts, as the append bench does: the calls time the append alone.
  const appends = Array.from({ length: samples }, (_, k) => {
    const i = pick(streams);
    return { streamId: landStreamId(i), event: landEvent(i, perStream + 1 + k) };
  });
  const appendMs = summarize(
    await timed(samples, 32, (k) => store.append(appends[k]!.streamId, [appends[k]!.event], 'any')),
  );

  log(`scale ${n(events)}: rebuilding the timeline …`);
  t = performance.now();
  const applied = await new ProjectionRunner(ds, new TimelineProjection(), store).rebuild();
  const rebuildSeconds = (performance.now() - t) / 1000;
  await owner.query('VACUUM (ANALYZE) timeline_entries');

  log(`scale ${n(events)}: ${n(samples)} timeline pages and ${n(samples)} single-case verifications …`);
  const timelinePageMs = summarize(
    await timed(samples, 1, () =>
      ds.query(TIMELINE_PAGE_SQL, [landCaseId(pick(streams)), null, null, null, null, 0, 101]),
    ),
  );
  const verifyOneCaseMs = summarize(
    await timed(samples, 1, async () => {
      const r = await verifyStream(ds, landStreamId(pick(streams)));
      if (!r.ok) throw new Error(`a seeded stream did not verify: ${JSON.stringify(r)}`);
    }),
  );

  log(`scale ${n(events)}: events:verify of the whole log …`);
  t = performance.now();
  const all = await verifyEventLog(ds, { trustedPublicKeys: trusted });
  const verifySeconds = (performance.now() - t) / 1000;
  const [{ bytes }] = (await ds.query(`SELECT pg_database_size(current_database())::text AS bytes`)) as [
    { bytes: string },
  ];
  // Every event in the log: the streams, this size's appends and those of the sizes before.
  const total = events + target.appendedBefore + samples;
  return {
    events,
    streams,
    grow: { events: grown, seconds, eventsPerSec: grown / seconds },
    databaseBytes: Number(bytes),
    checkpointSeconds,
    appendMs,
    rebuild: { seconds: rebuildSeconds, eventsPerSec: applied / rebuildSeconds },
    timelinePageMs,
    verifyOneCaseMs,
    verifyAll: { seconds: verifySeconds, eventsPerSec: total / verifySeconds, findings: all.findings },
  };
}

function table(results: SizeResult[]): string {
  const first = results[0]!;
  const growth = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const rows = results.map((r) => [
    n(r.events),
    n(r.streams),
    `${(r.databaseBytes / 2 ** 30).toFixed(1)} GiB`,
    `${ms(r.appendMs.p50)} / ${ms(r.appendMs.p99)} (${growth(r.appendMs.p99, first.appendMs.p99)})`,
    `${ms(r.timelinePageMs.p50)} / ${ms(r.timelinePageMs.p99)} (${growth(r.timelinePageMs.p99, first.timelinePageMs.p99)})`,
    `${ms(r.verifyOneCaseMs.p50)} / ${ms(r.verifyOneCaseMs.p99)} (${growth(r.verifyOneCaseMs.p99, first.verifyOneCaseMs.p99)})`,
    `${r.verifyAll.seconds.toFixed(1)} s, ${n(Math.round(r.verifyAll.eventsPerSec))} ev/s, ${r.verifyAll.findings} findings`,
    `${r.rebuild.seconds.toFixed(1)} s, ${n(Math.round(r.rebuild.eventsPerSec))} ev/s`,
    `${r.checkpointSeconds.toFixed(1)} s`,
    `${n(Math.round(r.grow.eventsPerSec))} ev/s`,
  ]);
  const head = [
    'events',
    'case streams',
    'database',
    'append p50 / p99 ms (p99 growth)',
    'timeline page p50 / p99 ms (p99 growth)',
    'verify one case p50 / p99 ms (p99 growth)',
    'verify all',
    'rebuild (timeline)',
    'signed checkpoint',
    'grown at',
  ];
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/**
 * `npm run bench:scale [--no-write]`: a Land's volume (issue 16). The store grows through its own
 * append to 10^5, 10^6 and 10^7 events (`BENCH_SCALE_SIZES`) over case streams of 100 events in
 * the type mix of a real run; at each size: appends, a timeline page, events:verify of one case
 * and of the whole log with a signed checkpoint, and a rebuild of the timeline. The comparison is
 * the size itself: how each cost grows from the smallest store.
 */
async function main(): Promise<void> {
  const write = !process.argv.includes('--no-write');
  const sizes = (process.env.BENCH_SCALE_SIZES ?? '100000,1000000,10000000').split(',').map(Number);
  const perStream = positiveInt('BENCH_SCALE_EVENTS_PER_STREAM', 100);
  const samples = positiveInt('BENCH_SCALE_SAMPLES', 1_000);
  const writers = positiveInt('BENCH_SCALE_WRITERS', 4);
  const env = benchEnv();
  const tree = gitTree();
  const startedAt = new Date().toISOString();
  const loadStart = os.loadavg();
  await ensureBenchDatabase(env);
  const servers = await describeServers(env);
  await freshSchema(env);
  const owner = await openBenchDataSource(env, {
    poolSize: 1,
    applicationName: 'hilfenetz-bench-scale-owner',
    asOwner: true,
  });
  const ds = await openBenchDataSource(env, { poolSize: 34, applicationName: 'hilfenetz-bench-scale' });
  const key = parseCheckpointSigningKey(randomBytes(32).toString('base64'));
  const results: SizeResult[] = [];
  try {
    const store = new PostgresEventStore(ds);
    let from = 0;
    for (const size of sizes) {
      const streams = Math.ceil(size / perStream);
      const appendedBefore = results.length * samples;
      results.push(
        await measureSize(
          ds,
          owner,
          store,
          { streams, from, perStream, samples, writers, appendedBefore },
          key,
          key.publicKeyBase64,
        ),
      );
      from = streams;
      console.log(`\n${table(results)}\n`);
    }
  } finally {
    await ds.destroy();
    await owner.destroy();
  }
  const loadEnd = os.loadavg();
  const report = {
    name: 'scale',
    startedAt,
    finishedAt: new Date().toISOString(),
    commit: tree.commit,
    workingTree: tree.dirty.trim()
      ? `uncommitted changes in ${tree.dirty.trim().split('\n').length} file(s) of apps, libs, workflows`
      : 'clean',
    machine: {
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      'load average at start (1/5/15 min)': loadStart.map((x) => x.toFixed(2)).join(' '),
      'load average at end (1/5/15 min)': loadEnd.map((x) => x.toFixed(2)).join(' '),
      ...servers,
    },
    settings: {
      sizes,
      eventsPerStream: perStream,
      samples,
      growWriters: writers,
      appendWriters: 32,
      database: BENCH_DATABASE,
    },
    results,
  };
  console.log(`\n${table(results)}\n`);
  if (write) {
    const dir = path.join(__dirname, '..', '..', 'results');
    mkdirSync(dir, { recursive: true });
    const json = path.join(dir, `${startedAt.slice(0, 10)}-scale.json`);
    writeFileSync(json, await prettified(JSON.stringify(report), json));
    const md = path.join(dir, 'scale-latest.md');
    writeFileSync(
      md,
      await prettified(
        `# Scale benchmark: ${startedAt.slice(0, 16).replace('T', ' ')} UTC\n\n` +
          `Commit \`${tree.commit.slice(0, 7)}\` (${report.workingTree}). Produced by \`npm run bench:scale\` ` +
          `(bench/src/scale); what is measured: bench/README.md, "Scale". Load average at the start ` +
          `${report.machine['load average at start (1/5/15 min)']}, at the end ${report.machine['load average at end (1/5/15 min)']} (2 cores).\n\n` +
          `${table(results)}\n\n` +
          `Samples per size: ${n(samples)} appends, ${n(samples)} timeline pages, ${n(samples)} single-case verifications (p99 from ≥ 1,000). ` +
          `Growth in brackets: the p99 at that size over the p99 at ${n(results[0]!.events)} events.\n`,
        md,
      ),
    );
    log(`wrote ${path.relative(process.cwd(), json)} and ${path.relative(process.cwd(), md)}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
