import type { NewEvent, StoredEvent } from '@hilfenetz/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { START_OF_LOG, type LogCheckpoint } from './checkpoint';
import { eventHash } from './event-hash';
import { PartialDuplicateBatch, StreamVersionConflict } from './event-store.errors';
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
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
    private readonly upcasters: UpcasterRegistry = {},
  ) {}

  async append(streamId: string, events: NewEvent[], expected: ExpectedVersion = 'any'): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    events.forEach(validateNewEvent);
    const ids = events.map((e) => e.eventId);

    const stored = await this.findStored(this.ds.manager, ids);
    if (stored) return stored;

    try {
      return await this.ds.transaction((m) => this.appendInTx(m, streamId, events, expected));
    } catch (err) {
      // Two retries of the same activity raced: the loser sees the unique violation on event_id.
      if (isUniqueViolation(err, 'events_event_id_unique')) {
        const again = await this.findStored(this.ds.manager, ids);
        if (again) return again;
      }
      throw err;
    }
  }

  private async findStored(m: EntityManager, ids: string[]): Promise<AppendResult | null> {
    const rows: { event_id: string; global_position: string; stream_version: number }[] = await m.query(
      `SELECT event_id, global_position::text, stream_version FROM events WHERE event_id = ANY($1::uuid[])
       ORDER BY stream_version`,
      [ids],
    );
    if (rows.length === 0) return null;
    if (rows.length !== ids.length) throw new PartialDuplicateBatch(rows.map((r) => r.event_id));
    return {
      duplicate: true,
      streamVersion: rows[rows.length - 1]!.stream_version,
      events: rows.map((r) => ({
        eventId: r.event_id,
        globalPosition: r.global_position,
        streamVersion: r.stream_version,
      })),
    };
  }

  /**
   * Appends inside the caller's transaction, so that another write (e.g. destroying a data key)
   * commits or fails together with the events. Same checks and idempotency as `append`.
   */
  async appendInTransaction(
    m: EntityManager,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion = 'any',
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    events.forEach(validateNewEvent);
    const stored = await this.findStored(
      m,
      events.map((e) => e.eventId),
    );
    return stored ?? this.appendInTx(m, streamId, events, expected);
  }

  private async appendInTx(
    m: EntityManager,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    // The advisory lock comes first, before anything assigns this transaction its id: so per
    // stream, transaction ids grow in the order writers got the lock, i.e. in stream-version order.
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [streamId]);
    const [head]: { version: number; last_hash: string | null }[] = await m.query(
      `SELECT version, last_hash FROM event_streams WHERE stream_id = $1`,
      [streamId],
    );
    const current = head?.version ?? 0;
    if (expected === 'no_stream' && head) throw new StreamVersionConflict(streamId, expected, current);
    if (typeof expected === 'number' && expected !== current)
      throw new StreamVersionConflict(streamId, expected, current);
    if (!head) await m.query(`INSERT INTO event_streams (stream_id) VALUES ($1)`, [streamId]);

    const recordedAt = this.clock().toISOString();
    let prevHash = head?.last_hash ?? null;
    let version = current;
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const e of events) {
      version += 1;
      const hash = eventHash({ ...e, streamId, streamVersion: version, recordedAt, prevHash });
      const base = values.length;
      values.push(
        e.eventId,
        streamId,
        version,
        e.type,
        e.schemaVersion,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        recordedAt,
        prevHash,
        hash,
      );
      tuples.push(`(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(',')})`);
      prevHash = hash;
    }
    const inserted: { event_id: string; global_position: string; stream_version: number }[] = await m.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       VALUES ${tuples.join(',')} RETURNING event_id, global_position::text, stream_version`,
      values,
    );
    await m.query(`UPDATE event_streams SET version = $2, last_hash = $3 WHERE stream_id = $1`, [
      streamId,
      version,
      prevHash,
    ]);
    return {
      duplicate: false,
      streamVersion: version,
      events: inserted.map((r) => ({
        eventId: r.event_id,
        globalPosition: r.global_position,
        streamVersion: r.stream_version,
      })),
    };
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
    const rows: EventRow[] = await this.ds.query(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id, events.global_position
       LIMIT $3`,
      [after.transactionId, after.globalPosition, limit],
    );
    return rows.map((r) => upcast(toStored(r), this.upcasters));
  }
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.code ?? e.driverError?.code;
  const c = e.constraint ?? e.driverError?.constraint;
  return code === '23505' && c === constraint;
}
