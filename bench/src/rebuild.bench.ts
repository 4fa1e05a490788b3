import type { StoredEvent } from '@hilfenetz/contracts';
import { PostgresEventStore, readLogBatches, START_OF_LOG, type EventStore } from '@hilfenetz/event-store';
import { copyTimelineRows, TIMELINE_ENTRY_COLUMNS, timelineRecord } from '@hilfenetz/persistence';
import { ProjectionRunner, TimelineProjection } from '@hilfenetz/projector';
import type { EntityManager } from 'typeorm';
import { freshSchema, openBenchDataSource, type BenchEnv, type BenchSizes } from './bench-env';
import { seedEvents } from './bench-events';
import { metric, secondsSince } from './percentiles';
import { compare, type ScenarioResult } from './report';

/** The batch ProjectionRunner.rebuild reads by default; the baselines read the same way. */
const READ_BATCH = 5_000;
const INSERT_CHUNK = 1_000;

/** Reads the whole log by commit order, calling `each` per batch; per-batch latencies in ms. */
async function scan(
  store: EventStore,
  each: (events: StoredEvent[]) => Promise<void>,
): Promise<{ events: number; latencies: number[] }> {
  let events = 0;
  const latencies: number[] = [];
  let t = performance.now();
  for await (const batch of readLogBatches(store, START_OF_LOG, READ_BATCH)) {
    await each(batch);
    latencies.push(performance.now() - t);
    events += batch.length;
    t = performance.now();
  }
  return { events, latencies };
}

/**
 * The timeline's rows, written plainly (issue 16's baseline): multi-row INSERTs of `INSERT_CHUNK`
 * rows, ten parameters each, into a copy of the table, no checkpoints, no ON CONFLICT.
 */
async function plainTimelineInsert(m: EntityManager, events: StoredEvent[]): Promise<void> {
  const rows = events.flatMap((e) => {
    const r = timelineRecord(e);
    return r ? [TIMELINE_ENTRY_COLUMNS.map((c) => (c === 'data' ? JSON.stringify(r.data) : r[c]))] : [];
  });
  const width = TIMELINE_ENTRY_COLUMNS.length;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const part = rows.slice(i, i + INSERT_CHUNK);
    const tuples = part.map(
      (_, r) => `(${Array.from({ length: width }, (_x, k) => `$${r * width + k + 1}`).join(',')})`,
    );
    await m.query(
      `INSERT INTO bench_timeline_copy (${TIMELINE_ENTRY_COLUMNS.join(', ')}) VALUES ${tuples.join(',')}`,
      part.flat(),
    );
  }
}

export async function rebuildBench(
  env: BenchEnv,
  sizes: BenchSizes,
  log: (msg: string) => void,
): Promise<ScenarioResult> {
  const n = sizes.rebuildEvents;
  await freshSchema(env);
  const owner = await openBenchDataSource(env, { poolSize: 1, applicationName: 'hilfenetz-bench-seed', asOwner: true });
  log(`rebuild: seeding ${n} events …`);
  const seedStart = performance.now();
  const { streams } = await seedEvents(owner, n, sizes.eventsPerStream, (done) => {
    if (done % 500_000 === 0) log(`rebuild: seeded ${done}`);
  });
  const seeded = metric('seeding (SQL generate_series + VACUUM ANALYZE, not compared)', n, secondsSince(seedStart));
  await owner.query(`CREATE TABLE bench_timeline_copy (LIKE timeline_entries INCLUDING ALL)`);

  const ds = await openBenchDataSource(env, { poolSize: 4, applicationName: 'hilfenetz-bench-rebuild' });
  try {
    const store = new PostgresEventStore(ds);

    // The baselines run before and after the rebuild (bracketing it), their times summed, so that a
    // change in the background load of the shared machine does not favour one side.
    const readRuns: { events: number; seconds: number; latencies: number[] }[] = [];
    const plainRuns: { events: number; seconds: number; latencies: number[] }[] = [];
    const copyRuns: { events: number; seconds: number; latencies: number[] }[] = [];
    const baselines = async (when: string) => {
      log(`rebuild: baseline (${when}), readAll of all ${n} events …`);
      let start = performance.now();
      const read = await scan(store, async () => undefined);
      readRuns.push({ ...read, seconds: secondsSince(start) });
      log(`rebuild: baseline (${when}), readAll + plain multi-row INSERT into a copy of timeline_entries …`);
      await owner.query(`TRUNCATE bench_timeline_copy`);
      start = performance.now();
      const plain = await scan(store, (events) => ds.transaction((m) => plainTimelineInsert(m, events)));
      plainRuns.push({ ...plain, seconds: secondsSince(start) });
      log(`rebuild: diagnostic (${when}), readAll + plain COPY into a copy of timeline_entries …`);
      await owner.query(`TRUNCATE bench_timeline_copy`);
      start = performance.now();
      const copied = await scan(store, (events) =>
        ds.transaction(async (m) => {
          await copyTimelineRows(m, 'bench_timeline_copy', events);
        }),
      );
      copyRuns.push({ ...copied, seconds: secondsSince(start) });
    };
    const combine = (label: string, runs: typeof readRuns) =>
      metric(
        label,
        runs.reduce((s, r) => s + r.events, 0),
        runs.reduce((s, r) => s + r.seconds, 0),
        runs.flatMap((r) => r.latencies),
        `one batch of ${READ_BATCH}`,
      );

    await baselines('before');
    log(`rebuild: ProjectionRunner.rebuild() of the timeline …`);
    const start = performance.now();
    const applied = await new ProjectionRunner(ds, new TimelineProjection(), store).rebuild(READ_BATCH);
    const rebuildMetric = metric('ProjectionRunner.rebuild(timeline)', applied, secondsSince(start));
    const [{ rows }] = (await ds.query(`SELECT count(*)::int AS rows FROM timeline_entries`)) as [{ rows: number }];
    if (applied !== n || rows !== n)
      throw new Error(`rebuild applied ${applied} events, wrote ${rows} rows; expected ${n}`);
    await baselines('after');
    const readMetric = combine('readAll only', readRuns);
    const plainMetric = combine('readAll + plain INSERT into a copy', plainRuns);
    const copyMetric = combine('diagnostic: readAll + plain COPY into a copy', copyRuns);

    return {
      scenario: 'rebuild',
      comparisons: [
        compare(
          'rebuild',
          `${n.toLocaleString('en-US')} events, vs writing the same rows plainly`,
          rebuildMetric,
          plainMetric,
          'throughput',
          // Issue 16: at least 0.8× writing the same rows plainly, and at least 50,000 events/s.
          (r, s) => ({
            text: '≥ 0.8× plain and ≥ 50,000 ev/s',
            met: r >= 0.8 && s.eventsPerSec >= 50_000,
          }),
        ),
        compare(
          'rebuild',
          `${n.toLocaleString('en-US')} events, vs COPYing the same rows plainly (diagnostic)`,
          rebuildMetric,
          copyMetric,
          'throughput',
        ),
        compare(
          'rebuild',
          `${n.toLocaleString('en-US')} events, vs reading alone`,
          rebuildMetric,
          readMetric,
          'throughput',
        ),
      ],
      extra: [seeded],
      notes: [
        `Store: ${n} events over ${streams} case streams, round-robin (every read batch of ${READ_BATCH} touches ` +
          `${Math.min(streams, READ_BATCH)} streams; the runner tracks applied versions in memory under its exclusive lock and ` +
          `writes every stream's checkpoint once, in the transaction that swaps the rebuilt table in, reading ` +
          `the next batch while it writes the current one); ` +
          `seeded with SQL as valid, readable rows with stand-in hashes.`,
        `Baselines, same process and pool, each run once before and once after the rebuild, times summed: (1) readAll in batches of ${READ_BATCH} and nothing else; ` +
          `(2) the same reads plus the timeline's rows written as multi-row INSERTs of ${INSERT_CHUNK} (the projection's ` +
          `chunk size) into a copy of timeline_entries with the same indexes, one transaction per batch, no checkpoints, ` +
          `no ON CONFLICT, no advisory lock (truncated before each run); (3, diagnostic) the same reads plus the same rows written with COPY (text format, as the rebuild writes them since session 20), one transaction per batch, into that indexed copy. The rebuild time covers making the shadow table, the replay into it (COPY, chunks of 100,000 events committed), building its primary key and index after the rows, writing every stream's checkpoint and swapping it in (docs/adr/0052).`,
      ],
    };
  } finally {
    await ds.destroy();
    await owner.destroy();
  }
}
