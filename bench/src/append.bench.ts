import type { NewEvent, SealedValue } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { parseMasterKey, PersonalDataVault, PostgresEventStore, verifyStream } from '@hilfenetz/event-store';
import { randomBytes, randomUUID } from 'node:crypto';
import { createPlainSchema, PlainGroupCommitStore } from './append-plain-baseline';
import { EMMETT_DATABASE, emmettVersions, openEmmett, type EmmettSide } from './emmett-store';
import { freshSchema, openBenchDataSource, type BenchEnv, type BenchSizes } from './bench-env';
import { crisisTriggered } from './bench-events';
import { metric, secondsSince, type Metric } from './percentiles';
import { compare, type Comparison, type ScenarioResult } from './report';

/**
 * Append: PostgresEventStore.append (validation, idempotency look-up, advisory lock, expected
 * version, hash chain, and sealing one personal field through the vault) against the same append
 * path without the hash chain and without sealing (`PlainGroupCommitStore`, append-plain-baseline.ts):
 * the same group-commit queue, round trips, commits, locks, checks, constraints and indexes.
 * One event per call, as an activity appends; each writer waits for its previous append.
 */
interface AppendCase {
  name: string;
  writers: number;
  /** 'own': one stream per writer (expected version checked); a number: writers share that many streams ('any'). */
  streams: 'own' | number;
  seal: boolean;
  target?: number;
}

const CASES: AppendCase[] = [
  { name: '1 writer', writers: 1, streams: 'own', seal: true, target: 0.8 },
  { name: '32 writers', writers: 32, streams: 'own', seal: true, target: 0.8 },
  { name: '32 writers, hash chain only (no sealing)', writers: 32, streams: 'own', seal: false },
  { name: '32 writers on 4 streams (contention)', writers: 32, streams: 4, seal: true },
];

/** What a writer appends: its stream, its data subject, and its events built before the clock starts. */
interface WriterPlan {
  streamId: string;
  caseId: string;
  subjectId: string;
  events: NewEvent[];
}

const YOUNG_PERSON = { givenName: 'Mia', familyName: 'Beispiel', dateOfBirth: '2011-04-02', address: 'Hauptstr. 1' };

function caseRegistered(caseId: string, subjectId: string, sealed: SealedValue): NewEvent {
  const base = crisisTriggered(caseId, 0);
  return {
    ...base,
    type: 'CaseRegistered',
    data: {
      caseId,
      youngPersonSubjectId: subjectId,
      youngPerson: sealed,
      leadOrganisationId: 'org-jugendamt-1',
      registeredAt: new Date().toISOString(),
    },
  };
}

async function plan(
  vault: PersonalDataVault,
  tag: string,
  c: AppendCase,
  perWriter: number,
): Promise<{ writers: WriterPlan[]; streams: number }> {
  const streams = c.streams === 'own' ? c.writers : c.streams;
  const subjects: { caseId: string; subjectId: string; sealed: SealedValue }[] = [];
  for (let s = 0; s < streams; s++) {
    const caseId = `${tag}-s${s}`;
    const subjectId = `subject-${caseId}`;
    await vault.registerSubject(subjectId, caseId);
    subjects.push({ caseId, subjectId, sealed: await vault.seal(subjectId, YOUNG_PERSON) });
  }
  const writers = Array.from({ length: c.writers }, (_, w) => {
    const subject = subjects[w % streams]!;
    const events = Array.from({ length: perWriter }, (_, i) =>
      c.seal ? caseRegistered(subject.caseId, subject.subjectId, subject.sealed) : crisisTriggered(subject.caseId, i),
    );
    return { streamId: caseStreamId(subject.caseId), caseId: subject.caseId, subjectId: subject.subjectId, events };
  });
  return { writers, streams };
}

/**
 * Runs every writer's operations `from` ≤ i < `to` concurrently, each writer one at a time;
 * per-call latencies in ms.
 */
async function runWriters(
  writers: WriterPlan[],
  op: (w: WriterPlan, i: number) => Promise<void>,
  from = 0,
  to = Infinity,
): Promise<{ seconds: number; latencies: number[]; cpuMicros: number }> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    writers.map(async (w) => {
      for (let i = from; i < Math.min(to, w.events.length); i++) {
        const t = performance.now();
        await op(w, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { seconds: secondsSince(start), latencies, cpuMicros: used.user + used.system };
}

function plainAppend(plain: PlainGroupCommitStore, c: AppendCase) {
  return async (w: WriterPlan, i: number) => {
    await plain.append(w.streamId, [w.events[i]!], c.streams === 'own' ? i : 'any');
  };
}

function emmettAppend(emmett: EmmettSide, c: AppendCase) {
  return async (w: WriterPlan, i: number) => {
    const e = w.events[i]!;
    await emmett.store.appendToStream(
      w.streamId,
      [{ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata } }],
      c.streams === 'own' ? { expectedStreamVersion: BigInt(i) } : undefined,
    );
  };
}

function storeAppend(store: PostgresEventStore, vault: PersonalDataVault, c: AppendCase) {
  return async (w: WriterPlan, i: number) => {
    let e = w.events[i]!;
    if (c.seal) {
      const youngPerson = await vault.seal(w.subjectId, YOUNG_PERSON);
      e = { ...e, data: { ...(e.data as Record<string, unknown>), youngPerson } };
    }
    await store.append(w.streamId, [e], c.streams === 'own' ? i : 'any');
  };
}

/** One side of a case: what it appends, and how it is labelled. */
interface Side {
  key: string;
  label: string;
  op: (w: WriterPlan, i: number) => Promise<void>;
}

interface Acc {
  seconds: number;
  latencies: number[];
  cpuMicros: number;
}

export async function appendBench(
  env: BenchEnv,
  sizes: BenchSizes,
  log: (msg: string) => void,
): Promise<ScenarioResult> {
  await freshSchema(env);
  const owner = await openBenchDataSource(env, {
    poolSize: 1,
    applicationName: 'hilfenetz-bench-setup',
    asOwner: true,
  });
  await createPlainSchema(owner);

  const maxWriters = Math.max(...CASES.map((c) => c.writers));
  const ds = await openBenchDataSource(env, { poolSize: maxWriters + 2, applicationName: 'hilfenetz-bench-append' });
  const master = parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY || randomBytes(32).toString('base64'));
  const vault = new PersonalDataVault(ds, master);
  const store = new PostgresEventStore(ds);
  const plain = new PlainGroupCommitStore(ds);
  const emmett = await openEmmett(env, maxWriters + 2);
  const comparisons: Comparison[] = [];
  const notes: string[] = [];
  const cpuNotes: string[] = [];
  const medianNotes: string[] = [];
  const sidesOf = (c: AppendCase): Side[] => [
    {
      key: 'store',
      label: c.seal ? 'store.append, hash chain + sealing' : 'store.append, hash chain',
      op: storeAppend(store, vault, c),
    },
    { key: 'plain', label: 'same group-commit path, no hash, no seal', op: plainAppend(plain, c) },
    // Emmett's append has no 'any' that survives concurrent writers of one stream (it compares the
    // position it read and reports a conflict), so it runs beside the own-stream cases only.
    ...(c.streams === 'own' ? [{ key: 'emmett', label: 'Emmett appendToStream', op: emmettAppend(emmett, c) }] : []),
  ];
  try {
    // Warm-up: connections opened, statements and code paths hot, tables past their first pages.
    for (const c of [{ ...CASES[1]!, name: 'warm-up' }]) {
      const { writers } = await plan(vault, `warm-${randomUUID().slice(0, 8)}`, c, 10);
      for (const side of sidesOf(c)) await runWriters(writers, side.op);
    }

    for (const [k, c] of CASES.entries()) {
      const perWriter = Math.max(1, Math.floor(sizes.appendEvents / c.writers));
      const total = perWriter * c.writers;
      const { writers } = await plan(vault, `a${k}-${randomUUID().slice(0, 8)}`, c, perWriter);
      const sides = sidesOf(c);
      // Alternating rounds, the first side rotating, so that every side sees the same background load.
      const rounds = Math.min(sizes.rounds, perWriter);
      log(
        `append: ${c.name}: ${total} events, ${rounds} alternating rounds of ${sides.map((x) => x.key).join(', ')} …`,
      );
      const acc = new Map<string, Acc>(sides.map((x) => [x.key, { seconds: 0, latencies: [], cpuMicros: 0 }]));
      for (let r = 0; r < rounds; r++) {
        const from = Math.round((r * perWriter) / rounds);
        const to = Math.round(((r + 1) * perWriter) / rounds);
        for (let j = 0; j < sides.length; j++) {
          const side = sides[(r + j) % sides.length]!;
          const run = await runWriters(writers, side.op, from, to);
          const a = acc.get(side.key)!;
          a.seconds += run.seconds;
          a.latencies.push(...run.latencies);
          a.cpuMicros += run.cpuMicros;
        }
      }
      const m = (side: Side): Metric => {
        const a = acc.get(side.key)!;
        return metric(side.label, total, a.seconds, a.latencies, 'one append call');
      };
      const subject = m(sides[0]!);
      for (const side of sides.slice(1)) {
        const baseline = m(side);
        const target = side.key === 'plain' ? c.target : side.key === 'emmett' ? 1 : undefined;
        comparisons.push(
          compare(
            'append',
            c.name,
            subject,
            baseline,
            'throughput',
            target ? (r) => ({ text: `≥ ${target}× ${side.key}`, met: r >= target }) : undefined,
          ),
        );
        medianNotes.push(
          `${c.name} vs ${side.key}: ${(baseline.latencyMs!.p50 / subject.latencyMs!.p50).toFixed(2)}× ` +
            `(p50 ${subject.latencyMs!.p50.toFixed(2)} vs ${baseline.latencyMs!.p50.toFixed(2)} ms)`,
        );
        log(
          `append: ${c.name}: ${Math.round(subject.eventsPerSec)} vs ${side.key} ${Math.round(baseline.eventsPerSec)} ev/s (${(
            subject.eventsPerSec / baseline.eventsPerSec
          ).toFixed(2)}×)`,
        );
      }
      cpuNotes.push(
        `${c.name}: ` + sides.map((x) => `${Math.round(acc.get(x.key)!.cpuMicros / total)} µs (${x.key})`).join(', '),
      );
    }
    const [{ n }] = (await owner.query(`SELECT count(*)::int AS n FROM events`)) as [{ n: number }];
    const [{ p }] = (await owner.query(`SELECT count(*)::int AS p FROM bench_plain_events`)) as [{ p: number }];
    // Not timed: what was measured must also be right (contiguous versions, hash chains).
    const streams = (await ds.query(`SELECT stream_id FROM event_streams`)) as { stream_id: string }[];
    for (const { stream_id } of streams) {
      const v = await verifyStream(ds, stream_id);
      if (!v.ok) throw new Error(`append bench: stream ${stream_id} does not verify: ${JSON.stringify(v)}`);
    }
    const { rows: emmettRows } = await emmett.pool.query<{ n: number; s: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT stream_id)::int AS s FROM emt_messages`,
    );
    const [gaps] = (await owner.query(
      `SELECT count(*)::int AS bad FROM bench_plain_streams s
       WHERE s.version <> (SELECT count(*) FROM bench_plain_events e WHERE e.stream_id = s.stream_id)`,
    )) as [{ bad: number }];
    if (gaps!.bad > 0) throw new Error(`append bench: ${gaps!.bad} baseline stream heads do not match their rows`);
    notes.push(
      `One event per append call; each writer awaits its previous call. The sides alternate in ` +
        `${sizes.rounds} rounds per case (the first side rotating each round), times summed per side. Own-stream ` +
        `cases pass the expected version, the contention case 'any'. Rows written: ${n} events (store), ${p} ` +
        `(same path, no hash, no seal), both including the warm-up. Afterwards (not timed) verifyStream checked all ` +
        `${streams.length} streams of the store (versions contiguous, hash chains intact) and every baseline stream ` +
        `head matched its row count.`,
      `Baseline "same group-commit path, no hash, no seal" (bench/src/append-plain-baseline.ts): the store's own ` +
        `GroupCommitQueue (128 events, 4 batches in flight), one named statement per lone append or per batch ` +
        `through the same pg pool, the same result mapping and the same coalesced NOTIFY after a write; functions ` +
        `bench_plain_append / bench_plain_append_batch are hilfenetz_append / hilfenetz_append_batch line for line ` +
        `(SECURITY DEFINER, advisory locks, idempotency look-up, expected version, head read and write) without the ` +
        `SHA-256 chain; tables are copies of events and event_streams with the same primary keys, UNIQUE (event_id), ` +
        `UNIQUE (stream_id, stream_version), foreign key to the head, commit-order index (transaction_id, ` +
        `global_position) and append-only triggers; hash and prev_hash hold a 64-character stand-in. Events are ` +
        `validated against the registry on both sides; the baseline sends plain JSON instead of RFC 8785 canonical ` +
        `pieces. So the ratio prices canonicalising + hashing each event and sealing its personal field.`,
      `Sealing: PersonalDataVault.seal of one personal field (the young person's details in CaseRegistered) per event, ` +
        `inside the timed call. Since ADR 0008 seal keeps a subject's unwrapped data key for 30 s (bounded LRU; open ` +
        `never caches), so here, one subject per stream, the key is read from Postgres once per subject and 30 s (the ` +
        `first time while planning, before the clock starts); an application sealing for many subjects, ` +
        `each rarely, pays that read more often. The baselines write events carrying a ciphertext of the same size, ` +
        `sealed before the clock started.`,
      `Baseline (b), Emmett (${emmettVersions()}): getPostgreSQLEventStore(connectionString) on the same Postgres ` +
        `server, database ${EMMETT_DATABASE} of its own (created fresh, its schema migrated before the clock), a pg ` +
        `pool of ${maxWriters + 2} connections as the schema owner; appendToStream of the same events (type, the same ` +
        `data incl. a ciphertext of the same size, the same metadata; Emmett adds a messageId) one per call, ` +
        `expectedStreamVersion = the writer's version (as ours passes it), one stream per writer, same writers. ` +
        `Emmett appends in a transaction of its own per call (BEGIN, its emt_append_to_stream function, COMMIT), ` +
        `no grouping, no hash, no sealing. Rows it holds afterwards: ${emmettRows[0]!.n} events in ` +
        `${emmettRows[0]!.s} streams (incl. warm-up). Not run in the contention case: Emmett's unchecked append ` +
        `reads the stream position and fails when another writer moved it, so concurrent writers of one stream ` +
        `would need retries that ours does not.`,
      `Pool: ${maxWriters + 2} connections as the apps' role, shared by the store and the plain baseline.`,
      `Round trips (both the store and the plain baseline, ADR 0008): an append that arrives while nothing else is ` +
        `queued goes alone (1 round trip and 1 commit per event: the 1-writer case); appends queued together ` +
        `(callers of one event-loop turn, up to 128 events, up to 4 batches in flight) go as one call of the batch ` +
        `function: 1 round trip and 1 commit per batch, so with 32 writers about 1/32 per event. Each append or batch ` +
        `that wrote is followed by a NOTIFY that is not awaited and coalesced (at most one in flight per store).`,
      `Until issue 16 the baseline was one autocommit INSERT per event into a table with no constraints but the ` +
        `primary key (no unique keys, no foreign key, no commit-order index): it priced grouping, not the hash chain ` +
        `and sealing (see bench/results/2026-11-25-event-log.json for those figures).`,
      `Median call time, baseline ÷ store (above 1: the store's median call is faster; less moved by the stalls ` +
        `of a loaded machine than ev/s, which sums every call): ${medianNotes.join('; ')}.`,
      `CPU of this Node process per event (client side only; Postgres shares the same 2 cores): ${cpuNotes.join('; ')}.`,
    );
  } finally {
    await emmett.close();
    await ds.destroy();
    await owner.destroy();
  }
  return { scenario: 'append', comparisons, extra: [], notes };
}
