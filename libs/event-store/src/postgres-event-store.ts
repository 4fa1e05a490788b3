import type { NewEvent, StoredEvent } from '@hilfenetz/contracts';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { START_OF_LOG, type LogCheckpoint } from './checkpoint';
import { canonicalPieces } from './event-hash';
import { AppendOrderConflict, PartialDuplicateBatch, StreamVersionConflict } from './event-store.errors';
import { validateNewEvent } from './event-validation';
import { upcast, type UpcasterRegistry } from './upcasters';

export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendResult {
  streamVersion: number;
  /** True when every event of the batch was already stored (a retried append): nothing was written. */
  duplicate: boolean;
  events: { eventId: string; globalPosition: string; streamVersion: number }[];
}

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recorded_at: Date;
  prev_hash: string | null;
  hash: string;
}

/** SQLSTATEs raised by hilfenetz_append (migration 1764000000101). */
const VERSION_CONFLICT = 'HN409';
const PARTIAL_DUPLICATE = 'HNDUP';

/** The channel the relay listens on for committed events. */
export const EVENTS_CHANNEL = 'hilfenetz_events';
const NOTIFY_SQL = `SELECT pg_notify('${EVENTS_CHANNEL}', '')`;

const APPEND_SQL = `SELECT event_id, global_position::text AS global_position, stream_version, duplicate
  FROM hilfenetz_append($1, $2::integer, $3::text[])`;

interface AppendRow {
  event_id: string;
  global_position: string;
  stream_version: number;
  duplicate: boolean;
}

const APPEND_BATCH_SQL = `SELECT item, outcome, event_id, global_position::text AS global_position, stream_version, detail
  FROM hilfenetz_append_batch($1::text[], $2::integer[], $3::integer[], $4::integer[], $5::text[])`;

interface BatchRow {
  item: number;
  outcome: 'ok' | 'duplicate' | 'partial' | 'conflict';
  event_id: string | null;
  global_position: string | null;
  stream_version: number | null;
  detail: string | null;
}

/** One caller's append, waiting for (or riding in) a group commit. */
interface PendingAppend {
  streamId: string;
  expected: ExpectedVersion;
  events: NewEvent[];
  args: AppendArgs;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

type AppendArgs = [streamId: string, expected: number | null, pieces: string[]];

export interface EventStoreOptions {
  /**
   * Most events one group commit carries (ADR 0008); an append larger than this goes alone. The
   * batch function's work grows with it, and so does every batched caller's wait for the slowest
   * item (a stream lock held elsewhere).
   */
  maxBatchEvents?: number;
  /** Most group commits in flight at once per store (each holds a pool connection). */
  maxBatchesInFlight?: number;
}

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
  driverError?: { code?: string; detail?: string; constraint?: string };
}

function toAppendResult(rows: AppendRow[]): AppendResult {
  const last = rows[rows.length - 1];
  if (!last) throw new Error('hilfenetz_append returned no rows');
  return {
    duplicate: last.duplicate,
    streamVersion: last.stream_version,
    events: rows.map((r) => ({
      eventId: r.event_id,
      globalPosition: r.global_position,
      streamVersion: r.stream_version,
    })),
  };
}

/** Internal: a lost race whose events turned out to be stored already. */
class StoredAlready {
  constructor(readonly result: AppendResult) {}
}

const EVENT_COLUMNS = `global_position::text, transaction_id::text, event_id, stream_id, stream_version, type,
  schema_version, data, metadata, recorded_at, prev_hash, hash`;

function toStored(r: EventRow): StoredEvent {
  return {
    eventId: r.event_id,
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    globalPosition: r.global_position,
    transactionId: r.transaction_id,
    type: r.type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at.toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The append-only event store on Postgres. See docs/adr/0003-event-store-ordering.md. */
export class PostgresEventStore {
  private notifying = false;
  private notifyAgain = false;
  private readonly queue: PendingAppend[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private readonly maxBatchEvents: number;
  private readonly maxBatchesInFlight: number;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
    private readonly upcasters: UpcasterRegistry = {},
    options: EventStoreOptions = {},
  ) {
    this.maxBatchEvents = options.maxBatchEvents ?? 128;
    this.maxBatchesInFlight = options.maxBatchesInFlight ?? 4;
  }

  /**
   * Appends in its own transaction. Concurrent calls in this process share one transaction and
   * one round trip (group commit, ADR 0008); each still gets exactly the result or error it would
   * get alone. A call that finds nothing else queued goes on its own through `hilfenetz_append`.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedVersion = 'any'): Promise<AppendResult> {
    let args: AppendArgs;
    try {
      args = this.appendArgs(streamId, events, expected);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, expected, events, args, resolve, reject });
      this.scheduleFlush();
    });
  }

  private get pool(): Pool {
    return (this.ds.driver as unknown as { master: Pool }).master;
  }

  /**
   * Sends what is queued once the current turn of the event loop has run (setImmediate, not a
   * timer): callers woken together by the previous batch have queued by then, and a lone append
   * waits only for that turn.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.queue.length === 0 || this.inFlight >= this.maxBatchesInFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      while (this.queue.length > 0 && this.inFlight < this.maxBatchesInFlight) {
        const batch = this.takeBatch();
        this.inFlight++;
        void this.runBatch(batch).finally(() => {
          this.inFlight--;
          this.scheduleFlush();
        });
      }
    });
  }

  /** The oldest queued appends, in arrival order, up to maxBatchEvents events (at least one append). */
  private takeBatch(): PendingAppend[] {
    let events = this.queue[0]!.events.length;
    let n = 1;
    while (n < this.queue.length && events + this.queue[n]!.events.length <= this.maxBatchEvents) {
      events += this.queue[n]!.events.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async runBatch(batch: PendingAppend[]): Promise<void> {
    if (batch.length === 1) {
      const p = batch[0]!;
      await this.appendAlone(p).then(p.resolve, p.reject);
      return;
    }
    let rows: BatchRow[];
    try {
      rows = (await this.pool.query<BatchRow>({ name: 'hilfenetz_append_batch', ...batchQuery(batch) })).rows;
    } catch {
      // Nothing of the batch committed (or, if the connection broke after the commit, the events are
      // stored and come back as duplicates): each append on its own gets the answer it would have
      // got alone. Per stream in arrival order, streams side by side.
      const byStream = new Map<string, PendingAppend[]>();
      for (const p of batch) byStream.set(p.streamId, [...(byStream.get(p.streamId) ?? []), p]);
      await Promise.all(
        [...byStream.values()].map(async (appends) => {
          for (const p of appends) await this.appendAlone(p).then(p.resolve, p.reject);
        }),
      );
      return;
    }
    const byItem = new Map<number, BatchRow[]>();
    for (const r of rows) {
      const list = byItem.get(r.item);
      if (list) list.push(r);
      else byItem.set(r.item, [r]);
    }
    if (rows.some((r) => r.outcome === 'ok')) this.wakeReaders(this.pool);
    batch.forEach((p, i) => {
      try {
        p.resolve(batchOutcome(p, byItem.get(i + 1) ?? []));
      } catch (err) {
        p.reject(err);
      }
    });
  }

  private async appendAlone(p: PendingAppend): Promise<AppendResult> {
    try {
      // One round trip: the pool's own autocommit transaction around one call of the function,
      // as a named (prepared once per connection) statement through the pg driver, not TypeORM.
      const pool = this.pool;
      const res = await pool.query<AppendRow>({ name: 'hilfenetz_append', text: APPEND_SQL, values: p.args });
      const result = toAppendResult(res.rows);
      if (!result.duplicate) this.wakeReaders(pool);
      return result;
    } catch (err) {
      const mapped = await this.mapAppendError(err, p.streamId, p.expected, p.events, this.ds.manager);
      if (mapped instanceof StoredAlready) return mapped.result;
      throw mapped;
    }
  }

  /**
   * Appends inside the caller's transaction, so that another write (e.g. destroying a data key)
   * commits or fails together with the events. Same checks and idempotency as `append`. Take the
   * stream's lock (`lockStream`) before the transaction's first write to keep ADR 0003's ordering.
   */
  async appendInTransaction(
    m: EntityManager,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion = 'any',
  ): Promise<AppendResult> {
    const args = this.appendArgs(streamId, events, expected);
    try {
      const result = toAppendResult(await m.query(APPEND_SQL, args));
      if (result.duplicate) return result;
      // The caller's transaction may have taken its id before the lock (a write before this call):
      // then the stream's previous event must still come from an older transaction (ADR 0003).
      // Delivered when the caller commits (these transactions are rare: erasure, legal hold).
      const before = result.events[0]!.streamVersion - 1;
      const [check]: { in_order: boolean }[] = await m.query(
        `SELECT COALESCE((SELECT transaction_id <= pg_current_xact_id() FROM events
                          WHERE stream_id = $1 AND stream_version = $2), true) AS in_order,
                pg_notify('${EVENTS_CHANNEL}', '')`,
        [streamId, before],
      );
      if (!check?.in_order) throw new AppendOrderConflict(streamId);
      return result;
    } catch (err) {
      if (err instanceof AppendOrderConflict) throw err;
      // Inside the caller's transaction a failed statement aborts it: no second look-up here.
      throw await this.mapAppendError(err, streamId, expected, events, null);
    }
  }

  /**
   * Takes the stream's append lock in the caller's transaction. Call it before the transaction's
   * first write when that transaction will also append to the stream (see appendInTransaction):
   * the lock must come before the transaction id, or per stream the ids may not follow the versions.
   */
  async lockStream(m: EntityManager, streamId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [streamId]);
  }

  /**
   * Tells the relay (LISTEN EVENTS_CHANNEL) that events committed, after the commit and not from
   * the appending transaction: a notifying transaction holds a database-wide lock until its commit
   * is flushed, which would serialise all appends (see migration 1764000000101). Coalesced: at most
   * one NOTIFY in flight per store; appends finishing meanwhile cause one more after it. Not
   * awaited, and a failure only costs the relay its poll interval.
   */
  private wakeReaders(pool: Pool): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.notifyAgain = false;
    pool
      .query(NOTIFY_SQL)
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) this.wakeReaders(pool);
      });
  }

  /** Validates in TypeScript (registry, size) and builds the function's arguments. */
  private appendArgs(streamId: string, events: NewEvent[], expected: ExpectedVersion): AppendArgs {
    if (events.length === 0) throw new Error('append needs at least one event');
    events.forEach(validateNewEvent);
    const recordedAt = this.clock().toISOString();
    const pieces = events.flatMap((e) => canonicalPieces({ ...e, streamId, recordedAt }));
    const exp = expected === 'any' ? null : expected === 'no_stream' ? -1 : expected;
    if (typeof exp === 'number' && (!Number.isInteger(exp) || exp < -1)) {
      throw new Error(`expected version must be a non-negative integer, 'no_stream' or 'any'`);
    }
    return [streamId, exp, pieces];
  }

  private async mapAppendError(
    err: unknown,
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    m: EntityManager | null,
  ): Promise<unknown> {
    const e = err as PgError;
    const code = e.code ?? e.driverError?.code;
    const detail = e.detail ?? e.driverError?.detail ?? '';
    if (code === VERSION_CONFLICT && expected !== 'any') {
      return new StreamVersionConflict(streamId, expected, Number(detail));
    }
    if (code === PARTIAL_DUPLICATE) return new PartialDuplicateBatch(detail.split(',').filter(Boolean));
    // The same batch raced into another stream (a caller bug, or two retries with different stream
    // ids): the loser sees the unique violation on event_id; report the stored positions.
    if (m && isUniqueViolation(err, 'events_event_id_unique')) {
      const again = await this.findStored(
        m,
        events.map((x) => x.eventId),
      );
      if (again) return new StoredAlready(again);
    }
    return err;
  }

  private async findStored(m: EntityManager, ids: string[]): Promise<AppendResult | null> {
    const rows: AppendRow[] = await m.query(
      `SELECT event_id, global_position::text, stream_version, true AS duplicate FROM events
       WHERE event_id = ANY($1::uuid[]) ORDER BY stream_version`,
      [ids],
    );
    if (rows.length === 0) return null;
    if (rows.length !== ids.length) throw new PartialDuplicateBatch(rows.map((r) => r.event_id));
    return toAppendResult(rows);
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    const rows: EventRow[] = await this.ds.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    return rows.map((r) => upcast(toStored(r), this.upcasters));
  }

  /**
   * Events after `after` in commit order, only from transactions older than every one still
   * running: an event that commits late can never be passed by the checkpoint. The ORDER BY names
   * the table's columns explicitly: the select list casts them to text under the same names, and
   * an unqualified name would sort by that text ("100" < "99").
   */
  async readAll(after: LogCheckpoint = START_OF_LOG, limit = 500): Promise<StoredEvent[]> {
    // The relay's and every projection's hot path: straight through the pg pool as a named
    // statement (planned once per connection), not through TypeORM's query runner.
    const pool = (this.ds.driver as unknown as { master: Pool }).master;
    const { rows } = await pool.query<EventRow>({
      name: 'hilfenetz_read_all',
      text: `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id, events.global_position
       LIMIT $3`,
      values: [after.transactionId, after.globalPosition, limit],
    });
    return rows.map((r) => upcast(toStored(r), this.upcasters));
  }
}

/** The arguments of hilfenetz_append_batch (migration 1764000000104) for a batch, in arrival order. */
function batchQuery(batch: PendingAppend[]): { text: string; values: unknown[] } {
  const streams: string[] = [];
  const index = new Map<string, number>();
  const itemStream: number[] = [];
  const expected: (number | null)[] = [];
  const counts: number[] = [];
  const pieces: string[] = [];
  for (const p of batch) {
    const [streamId, exp, itemPieces] = p.args;
    let k = index.get(streamId);
    if (k === undefined) {
      streams.push(streamId);
      k = streams.length;
      index.set(streamId, k);
    }
    itemStream.push(k);
    expected.push(exp);
    counts.push(p.events.length);
    for (const piece of itemPieces) pieces.push(piece);
  }
  return { text: APPEND_BATCH_SQL, values: [streams, itemStream, expected, counts, pieces] };
}

/** What one caller of a batch gets: the result, or the error hilfenetz_append would have raised. */
function batchOutcome(p: PendingAppend, rows: BatchRow[]): AppendResult {
  const first = rows[0];
  if (!first) throw new Error('hilfenetz_append_batch returned nothing for an append');
  switch (first.outcome) {
    case 'ok':
    case 'duplicate':
      return toAppendResult(
        rows
          .map((r) => ({
            event_id: r.event_id!,
            global_position: r.global_position!,
            stream_version: r.stream_version!,
            duplicate: r.outcome === 'duplicate',
          }))
          .sort((a, b) => a.stream_version - b.stream_version),
      );
    case 'conflict':
      if (p.expected === 'any') throw new Error('hilfenetz_append_batch reported a conflict for expected any');
      throw new StreamVersionConflict(p.streamId, p.expected, Number(first.detail));
    case 'partial':
      throw new PartialDuplicateBatch((first.detail ?? '').split(',').filter(Boolean));
  }
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as PgError;
  const code = e.code ?? e.driverError?.code;
  const c = e.constraint ?? e.driverError?.constraint;
  return code === '23505' && c === constraint;
}
