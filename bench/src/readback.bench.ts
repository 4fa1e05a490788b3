import type { NewEvent } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { PostgresEventStore, verifyStream } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { freshSchema, openBenchDataSource, type BenchEnv, type BenchSizes } from './bench-env';
import { crisisTriggered } from './bench-events';
import { EMMETT_DATABASE, emmettVersions, openEmmett } from './emmett-store';
import { metric, secondsSince, type Metric } from './percentiles';
import { compare, type Comparison, type ScenarioResult } from './report';

/**
 * Read-back (issue 16, row 2): append a stream, then load it whole as an aggregate would, one read at
 * a time. Ours: `EventStore.readStream` of `PostgresEventStore` (one SELECT by stream in version order,
 * each row mapped to its envelope and upcast; no hash check: no reader of the application verifies
 * on load, `verifyStream` / `events:verify` do that). Beside it: Emmett's `readStream` of the same
 * events in its own database on the same server. As a diagnostic, `verifyStream` (read + recompute
 * the hash chain + compare the head) against the same Emmett reads.
 */

interface ReadCase {
  events: number;
  samples: number;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** A p99 is only reported from at least this many samples (issue 16). */
const MIN_SAMPLES_FOR_P99 = 1000;
/** Events per append call while writing the streams (not timed). */
const APPEND_CHUNK = 100;

function withoutThinP99(m: Metric): Metric {
  if (!m.latencyMs || m.latencyMs.count >= MIN_SAMPLES_FOR_P99) return m;
  return { ...m, latencyMs: { ...m.latencyMs, p99: Number.NaN } };
}

interface Side {
  key: string;
  label: string;
  read: () => Promise<number>;
}

export async function readbackBench(
  env: BenchEnv,
  sizes: BenchSizes,
  log: (msg: string) => void,
): Promise<ScenarioResult> {
  const cases: ReadCase[] = [
    { events: 100, samples: intFromEnv('BENCH_READBACK_SAMPLES', 1000) },
    { events: 10_000, samples: intFromEnv('BENCH_READBACK_LARGE_SAMPLES', 30) },
  ];
  await freshSchema(env);
  const ds = await openBenchDataSource(env, { poolSize: 2, applicationName: 'hilfenetz-bench-readback' });
  const store = new PostgresEventStore(ds);
  const emmett = await openEmmett(env, 2);
  const comparisons: Comparison[] = [];
  const extra: Metric[] = [];
  const notes: string[] = [];
  const p50s: string[] = [];
  try {
    for (const c of cases) {
      const caseId = `readback-${c.events}-${randomUUID().slice(0, 8)}`;
      const streamId = caseStreamId(caseId);
      const events: NewEvent[] = Array.from({ length: c.events }, (_, i) => crisisTriggered(caseId, i));
      // Written through each store's own append, in chunks, with the expected version (not timed).
      const t0 = performance.now();
      for (let v = 0; v < c.events; v += APPEND_CHUNK) {
        await store.append(streamId, events.slice(v, v + APPEND_CHUNK), v === 0 ? 'no_stream' : v);
      }
      const oursWrite = secondsSince(t0);
      const t1 = performance.now();
      for (let v = 0; v < c.events; v += APPEND_CHUNK) {
        await emmett.store.appendToStream(
          streamId,
          events
            .slice(v, v + APPEND_CHUNK)
            .map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata } })),
          { expectedStreamVersion: BigInt(v) },
        );
      }
      const emmettWrite = secondsSince(t1);
      extra.push(
        metric(`writing the ${c.events}-event stream (store.append, ${APPEND_CHUNK} per call)`, c.events, oursWrite),
        metric(
          `writing the ${c.events}-event stream (Emmett appendToStream, ${APPEND_CHUNK} per call)`,
          c.events,
          emmettWrite,
        ),
      );
      await ds.query('VACUUM (ANALYZE) events');
      await emmett.pool.query('VACUUM (ANALYZE) emt_messages');

      const sides: Side[] = [
        { key: 'store', label: 'store.readStream', read: async () => (await store.readStream(streamId)).length },
        {
          key: 'emmett',
          label: 'Emmett readStream',
          read: async () => (await emmett.store.readStream(streamId)).events.length,
        },
        {
          key: 'verify',
          label: 'diagnostic: verifyStream (read + hash chain)',
          read: async () => {
            const v = await verifyStream(ds, streamId);
            if (!v.ok) throw new Error(`readback: ${streamId} does not verify: ${JSON.stringify(v)}`);
            return v.events;
          },
        },
      ];
      // Warm-up (not counted): plans cached, pages in shared buffers on both sides.
      for (const side of sides) for (let i = 0; i < 5; i++) await side.read();

      const rounds = Math.min(sizes.rounds, c.samples);
      log(`readback: ${c.events} events, ${c.samples} reads per side in ${rounds} alternating rounds …`);
      const acc = new Map(sides.map((x) => [x.key, { seconds: 0, latencies: [] as number[] }]));
      for (let r = 0; r < rounds; r++) {
        const n = Math.round(((r + 1) * c.samples) / rounds) - Math.round((r * c.samples) / rounds);
        for (let j = 0; j < sides.length; j++) {
          const side = sides[(r + j) % sides.length]!;
          const a = acc.get(side.key)!;
          for (let i = 0; i < n; i++) {
            const t = performance.now();
            const got = await side.read();
            const ms = performance.now() - t;
            if (got !== c.events) throw new Error(`readback: ${side.key} read ${got} of ${c.events} events`);
            a.latencies.push(ms);
            a.seconds += ms / 1000;
          }
        }
      }
      const m = (key: string): Metric => {
        const side = sides.find((x) => x.key === key)!;
        const a = acc.get(key)!;
        return withoutThinP99(
          metric(side.label, c.events * c.samples, a.seconds, a.latencies, 'one read of the stream'),
        );
      };
      const ours = m('store');
      const theirs = m('emmett');
      const verify = m('verify');
      const name = `read one stream of ${c.events.toLocaleString('en-US')} events (${c.samples} reads)`;
      comparisons.push(
        compare('readback', name, ours, theirs, 'throughput', (r) => ({ text: '≥ 1× Emmett', met: r >= 1 })),
        compare('readback', `${name}, diagnostic`, verify, theirs, 'throughput'),
      );
      p50s.push(
        `${c.events} events: p50 ${ours.latencyMs!.p50.toFixed(2)} ms (ours) vs ${theirs.latencyMs!.p50.toFixed(2)} ms ` +
          `(Emmett), ${(ours.latencyMs!.p50 / theirs.latencyMs!.p50).toFixed(2)}× the time`,
      );
      log(
        `readback: ${c.events} events: ${ours.latencyMs!.p50.toFixed(2)} vs Emmett ${theirs.latencyMs!.p50.toFixed(2)} ms p50 ` +
          `(${(ours.eventsPerSec / theirs.eventsPerSec).toFixed(2)}× ev/s); verifyStream ${verify.latencyMs!.p50.toFixed(2)} ms`,
      );
    }
    notes.push(
      `What is measured: one whole-stream read at a time, sequentially (an aggregate load), the time from the call ` +
        `to the returned array; ev/s = events read per second of reading, so the ratio is Emmett's mean read time over ` +
        `ours. Ours is EventStore.readStream (one SELECT … WHERE stream_id = $1 ORDER BY stream_version through ` +
        `TypeORM's query, rows mapped to envelopes and upcast); it does not check the hash chain, and no reader in ` +
        `the application does on load (the lagebild, Hilfeplanung and notification readers call readStream as is). ` +
        `The diagnostic row is verifyStream (the same read without upcasting, every event re-canonicalised and ` +
        `re-hashed, the head compared): what an integrity check on every load would cost.`,
      `Emmett (${emmettVersions()}): readStream of getPostgreSQLEventStore on the same server, database ` +
        `${EMMETT_DATABASE} of its own (fresh, schema migrated before the clock), pool of 2 as the schema owner; ours ` +
        `reads as the apps' role with a pool of 2. Both streams hold the same CrisisTriggered events (same data and ` +
        `metadata; Emmett adds a messageId), written through each store's own append, ${APPEND_CHUNK} events per ` +
        `call with the expected version, then VACUUM ANALYZE on both tables, then 5 warm-up reads per side.`,
      `Samples: the reads of each case are split over ${sizes.rounds} rounds in which the sides alternate (first ` +
        `side rotating). p99 is given only from ≥ ${MIN_SAMPLES_FOR_P99} samples; with fewer it is left out ` +
        `(null in the JSON).`,
      `Median read time: ${p50s.join('; ')}.`,
    );
  } finally {
    await emmett.close();
    await ds.destroy();
  }
  return { scenario: 'readback', comparisons, extra, notes };
}
