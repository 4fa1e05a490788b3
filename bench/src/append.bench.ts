import type { NewEvent, SealedValue } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { parseMasterKey, PersonalDataVault, PostgresEventStore, verifyStream } from '@hilfenetz/event-store';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { freshSchema, openBenchDataSource, type BenchEnv, type BenchSizes } from './bench-env';
import { crisisTriggered } from './bench-events';
import { metric, secondsSince, type Metric } from './percentiles';
import { compare, type Comparison, type ScenarioResult } from './report';

/**
 * Append: PostgresEventStore.append (validation, idempotency look-up, advisory lock, expected
 * version, hash chain, and sealing one personal field through the vault) against a plain
 * parameterised INSERT of the same rows into a table with the same columns and nothing else.
 * One event per call, as an activity appends; each writer waits for its previous append (the
 * store may commit concurrent writers' appends together, ADR 0008; the baseline never does).
 */
interface AppendCase {
  name: string;
  writers: number;
  /** 'own': one stream per writer (expected version checked); a number: writers share that many streams ('any'). */
  streams: 'own' | number;
  seal: boolean;
  target?: number;
  /**
   * Diagnostic: runs after dropping the events table's NOTIFY trigger (in the bench database only),
   * to show what the relay's wake-up costs the writers.
   */
  withoutNotifyTrigger?: boolean;
}

const CASES: AppendCase[] = [
  { name: '1 writer', writers: 1, streams: 'own', seal: true },
  { name: '32 writers', writers: 32, streams: 'own', seal: true, target: 0.7 },
  { name: '32 writers, hash chain only (no sealing)', writers: 32, streams: 'own', seal: false },
  { name: '32 writers on 4 streams (contention)', writers: 32, streams: 4, seal: true },
  {
    name: 'diagnostic: 32 writers, events NOTIFY trigger dropped',
    writers: 32,
    streams: 'own',
    seal: true,
    withoutNotifyTrigger: true,
  },
];

const PLAIN_TABLE = `
  CREATE TABLE bench_plain_events (
    global_position bigserial PRIMARY KEY,
    transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id        uuid NOT NULL,
    stream_id       text NOT NULL,
    stream_version  integer NOT NULL,
    type            text NOT NULL,
    schema_version  integer NOT NULL,
    data            jsonb NOT NULL,
    metadata        jsonb NOT NULL,
    recorded_at     timestamptz NOT NULL,
    prev_hash       text,
    hash            text NOT NULL
  )`;

const PLAIN_INSERT = `INSERT INTO bench_plain_events
  (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

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

const FAKE_HASH = 'a'.repeat(64);

function plainInsert(ds: DataSource) {
  return async (w: WriterPlan, i: number) => {
    const e = w.events[i]!;
    await ds.query(PLAIN_INSERT, [
      e.eventId,
      w.streamId,
      i + 1,
      e.type,
      e.schemaVersion,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
      new Date().toISOString(),
      i === 0 ? null : FAKE_HASH,
      FAKE_HASH,
    ]);
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
  await owner.query(PLAIN_TABLE);

  const maxWriters = Math.max(...CASES.map((c) => c.writers));
  const ds = await openBenchDataSource(env, { poolSize: maxWriters + 2, applicationName: 'hilfenetz-bench-append' });
  const master = parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY || randomBytes(32).toString('base64'));
  const vault = new PersonalDataVault(ds, master);
  const store = new PostgresEventStore(ds);
  const comparisons: Comparison[] = [];
  const notes: string[] = [];
  const cpuNotes: string[] = [];
  try {
    // Warm-up: connections opened, statements and code paths hot, tables past their first pages.
    for (const c of [{ ...CASES[1]!, name: 'warm-up' }]) {
      const { writers } = await plan(vault, `warm-${randomUUID().slice(0, 8)}`, c, 10);
      await runWriters(writers, plainInsert(ds));
      await runWriters(writers, storeAppend(store, vault, c));
    }

    for (const [k, c] of CASES.entries()) {
      if (c.withoutNotifyTrigger) await owner.query(`DROP TRIGGER IF EXISTS events_notify_after_insert ON events`);
      const perWriter = Math.max(1, Math.floor(sizes.appendEvents / c.writers));
      const total = perWriter * c.writers;
      const { writers } = await plan(vault, `a${k}-${randomUUID().slice(0, 8)}`, c, perWriter);
      // Alternating rounds, so that both sides see the same background load on a shared machine.
      const rounds = Math.min(sizes.rounds, perWriter);
      log(`append: ${c.name}: ${total} events, ${rounds} alternating rounds of plain INSERT and store.append …`);
      const base = { seconds: 0, latencies: [] as number[], cpuMicros: 0 };
      const subj = { seconds: 0, latencies: [] as number[], cpuMicros: 0 };
      for (let r = 0; r < rounds; r++) {
        const from = Math.round((r * perWriter) / rounds);
        const to = Math.round(((r + 1) * perWriter) / rounds);
        for (const [acc, op] of [
          [base, plainInsert(ds)],
          [subj, storeAppend(store, vault, c)],
        ] as const) {
          const run = await runWriters(writers, op, from, to);
          acc.seconds += run.seconds;
          acc.latencies.push(...run.latencies);
          acc.cpuMicros += run.cpuMicros;
        }
      }
      const what = c.seal ? 'store.append, hash chain + sealing' : 'store.append, hash chain';
      const subject: Metric = metric(what, total, subj.seconds, subj.latencies, 'one append call');
      const baseline: Metric = metric('plain INSERT', total, base.seconds, base.latencies, 'one INSERT');
      comparisons.push(
        compare(
          'append',
          c.name,
          subject,
          baseline,
          'throughput',
          c.target ? (r) => ({ text: `≥ ${c.target}× plain INSERT`, met: r >= c.target! }) : undefined,
        ),
      );
      cpuNotes.push(
        `${c.name}: ${Math.round(subj.cpuMicros / total)} µs (store) vs ${Math.round(base.cpuMicros / total)} µs (plain INSERT)`,
      );
      log(
        `append: ${c.name}: ${Math.round(subject.eventsPerSec)} vs ${Math.round(baseline.eventsPerSec)} ev/s (${(
          subject.eventsPerSec / baseline.eventsPerSec
        ).toFixed(2)}×)`,
      );
    }
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM events`)) as [{ n: number }];
    const [{ m }] = (await ds.query(`SELECT count(*)::int AS m FROM bench_plain_events`)) as [{ m: number }];
    // Not timed: what was measured must also be right (contiguous versions, hash chains).
    const streams = (await ds.query(`SELECT stream_id FROM event_streams`)) as { stream_id: string }[];
    for (const { stream_id } of streams) {
      const v = await verifyStream(ds, stream_id);
      if (!v.ok) throw new Error(`append bench: stream ${stream_id} does not verify: ${JSON.stringify(v)}`);
    }
    notes.push(
      `One event per append call; each writer awaits its previous call. Baseline and store alternate in ` +
        `${sizes.rounds} rounds per case, times summed per side. Own-stream cases pass the expected version, ` +
        `the contention case 'any'. Rows written: ${n} events, ${m} plain rows (both include the warm-up). ` +
        `Afterwards (not timed) verifyStream checked all ${streams.length} streams: versions contiguous, hash chains intact.`,
      `Sealing: PersonalDataVault.seal of one personal field (the young person's details in CaseRegistered) per event, ` +
        `inside the timed call. Since ADR 0008 seal keeps a subject's unwrapped data key for 30 s (bounded LRU; open ` +
        `never caches), so here, one subject per stream, the key is read from Postgres once per subject and 30 s (the ` +
        `first time while planning, before the clock starts); an application sealing for many subjects, ` +
        `each rarely, pays that read more often. The baseline inserts rows carrying a ciphertext of the same size, sealed before the clock started.`,
      `The plain table has the same columns and types, a bigserial primary key and nothing else: no unique ` +
        `(stream_id, stream_version) or event_id constraint, no foreign key, no commit-order index, no triggers.`,
      `Pool: ${maxWriters + 2} connections as the apps' role; every INSERT of the baseline is its own transaction (autocommit).`,
      `Round trips: the baseline makes 1 per event. The store (ADR 0008) sends appends that arrive while nothing ` +
        `else is queued alone, as one call of hilfenetz_append (1 round trip and 1 commit per event: the 1-writer ` +
        `case); appends queued together (callers of one event-loop turn, up to 128 events, up to 4 batches in ` +
        `flight) go as one call of hilfenetz_append_batch: 1 round trip and 1 commit per batch, so with 32 writers ` +
        `about 1/32 per event. Each append or batch that wrote is followed by a NOTIFY that is not awaited and ` +
        `coalesced (at most one in flight per store). Before migration 1764000000101 the store made 7 round trips ` +
        `per event (8 on a stream's first), before ADR 0008 1 plus 1 for the vault's key read when sealing.`,
      `The diagnostic case runs last, after DROP TRIGGER IF EXISTS events_notify_after_insert on the bench ` +
        `database's events table. Since migration 1764000000101 that trigger no longer exists (a transaction that ` +
        `NOTIFYs holds a database-wide lock from its pre-commit until its commit is flushed, so notifying appends ` +
        `could not share a WAL flush), so the case now repeats '32 writers' and shows the run-to-run noise.`,
      `CPU of this Node process per event (client side only; Postgres shares the same 2 cores): ${cpuNotes.join('; ')}.`,
    );
  } finally {
    await ds.destroy();
    await owner.destroy();
  }
  return { scenario: 'append', comparisons, extra: [], notes };
}
