import { eventUpcasters, type NewEvent, type StoredEvent } from '@hilfenetz/contracts';
import { pgPool } from '@hilfenetz/persistence';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import {
  APPEND_SQL,
  batchOutcome,
  batchQuery,
  mapAppendError,
  prepareAppend,
  rowsByItem,
  StoredAlready,
  toAppendResult,
  type AppendRow,
  type BatchRow,
  type PreparedAppend,
} from './append-statements';
import { START_OF_LOG, type LogCheckpoint } from './checkpoint';
import { AppendOrderConflict } from './event-store.errors';
import type {
  AppendResult,
  ExpectedVersion,
  ReadStreamOptions,
  SerialisedEvent,
  TransactionalEventStore,
} from './event-store.port';
import {
  envelopeJson,
  EVENT_COLUMNS,
  EVENT_JSON_COLUMNS,
  parsedRow,
  toStoredEvent,
  type EventJsonRow,
  type EventRow,
} from './event-rows';
import { GroupCommitQueue, type GroupCommitOptions, type Settled } from './group-commit.queue';
import { upcast, type UpcasterRegistry } from './upcasters';

/** The channel the relay listens on for committed events. */
export const EVENTS_CHANNEL = 'hilfenetz_events';
const NOTIFY_SQL = `SELECT pg_notify('${EVENTS_CHANNEL}', '')`;

/** Group-commit limits of a store (ADR 0008). */
export type EventStoreOptions = GroupCommitOptions;

/**
 * The append-only event store on Postgres. See docs/adr/0003-event-store-ordering.md. Appends and
 * the commit-ordered read go straight through the pg pool as named statements (planned once per
 * connection); concurrent appends share one transaction through the group-commit queue.
 */
export class PostgresEventStore implements TransactionalEventStore {
  private notifying = false;
  private notifyAgain = false;
  private readonly queue: GroupCommitQueue<PreparedAppend, AppendResult>;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
    /** The registry's upcasters unless a test brings its own (free text of version 1: docs/adr/0018). */
    private readonly upcasters: UpcasterRegistry = eventUpcasters,
    options: EventStoreOptions = {},
  ) {
    this.queue = new GroupCommitQueue(
      { one: (p) => this.appendAlone(p), many: (batch) => this.appendBatch(batch) },
      options,
    );
  }

  /**
   * Appends in its own transaction. Concurrent calls in this process share one transaction and
   * one round trip (group commit, ADR 0008); each still gets exactly the result or error it would
   * get alone. A call that finds nothing else queued goes on its own through `hilfenetz_append`.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedVersion = 'any'): Promise<AppendResult> {
    let prepared: PreparedAppend;
    try {
      prepared = prepareAppend(streamId, events, expected, this.clock().toISOString());
    } catch (err) {
      return Promise.reject(err);
    }
    return this.queue.submit(prepared);
  }

  private get pool(): Pool {
    return pgPool(this.ds);
  }

  private async appendBatch(batch: PreparedAppend[]): Promise<Settled<AppendResult>[]> {
    const pool = this.pool;
    const { rows } = await pool.query<BatchRow>(batchQuery(batch));
    const byItem = rowsByItem(rows);
    if (rows.some((r) => r.outcome === 'ok')) this.wakeReaders(pool);
    return batch.map((p, i) => {
      try {
        return { ok: true, value: batchOutcome(p, byItem.get(i + 1) ?? []) };
      } catch (error) {
        return { ok: false, error };
      }
    });
  }

  private async appendAlone(p: PreparedAppend): Promise<AppendResult> {
    try {
      // One round trip: the pool's own autocommit transaction around one call of the function,
      // as a named (prepared once per connection) statement through the pg driver, not TypeORM.
      const pool = this.pool;
      const res = await pool.query<AppendRow>({ name: 'hilfenetz_append', text: APPEND_SQL, values: p.args });
      const result = toAppendResult(res.rows);
      if (!result.duplicate) this.wakeReaders(pool);
      return result;
    } catch (err) {
      const mapped = await mapAppendError(err, p, this.ds.manager);
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
    const p = prepareAppend(streamId, events, expected, this.clock().toISOString());
    try {
      const result = toAppendResult(await m.query(APPEND_SQL, p.args));
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
      throw await mapAppendError(err, p, null);
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

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    // Every aggregate load: through the pool as a named statement like readAll (bench readback).
    const { rows } = await this.pool.query<EventRow>({
      name: 'hilfenetz_read_stream',
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
      values: [streamId, options.afterVersion ?? 0],
    });
    return rows.map((r) => upcast(toStoredEvent(r), this.upcasters));
  }

  /** One event by its id (ids of workflow steps are derived, so a step's event can be looked up). */
  async readEvent(eventId: string): Promise<StoredEvent | null> {
    const { rows } = await this.pool.query<EventRow>({
      name: 'hilfenetz_read_event',
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = $1`,
      values: [eventId],
    });
    return rows[0] ? upcast(toStoredEvent(rows[0]), this.upcasters) : null;
  }

  /**
   * Events after `after` in commit order, only from transactions older than every one still
   * running: an event that commits late can never be passed by the checkpoint. The ORDER BY names
   * the table's columns explicitly: the select list casts them to text under the same names, and
   * an unqualified name would sort by that text ("100" < "99").
   */
  async readAll(after: LogCheckpoint = START_OF_LOG, limit = 500): Promise<StoredEvent[]> {
    // Every projection's hot path: straight through the pg pool as a named statement (planned
    // once per connection), not through TypeORM's query runner.
    const rows = await this.readLog<EventRow>('hilfenetz_read_all', EVENT_COLUMNS, after, limit);
    return rows.map((r) => upcast(toStoredEvent(r), this.upcasters));
  }

  async readAllSerialised(after: LogCheckpoint = START_OF_LOG, limit = 500): Promise<SerialisedEvent[]> {
    const rows = await this.readLog<EventJsonRow>('hilfenetz_read_all_json', EVENT_JSON_COLUMNS, after, limit);
    return rows.map((r) => {
      // An event of an older schema version is upcast like readAll's (parsed, then written out).
      const event = this.upcasters[r.type]?.[r.schema_version]
        ? upcast(toStoredEvent(parsedRow(r)), this.upcasters)
        : null;
      return {
        eventId: r.event_id,
        streamId: r.stream_id,
        type: r.type,
        schemaVersion: event?.schemaVersion ?? r.schema_version,
        transactionId: r.transaction_id,
        globalPosition: r.global_position,
        json: event ? JSON.stringify(event) : envelopeJson(r),
      };
    });
  }

  async hasEventsAfter(after: LogCheckpoint): Promise<boolean> {
    const { rows } = await this.pool.query<{ found: boolean }>({
      name: 'hilfenetz_events_after',
      text: `SELECT EXISTS (SELECT 1 FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)) AS found`,
      values: [after.transactionId, after.globalPosition],
    });
    return rows[0]?.found === true;
  }

  /** The commit-ordered read of ADR 0003, with the select list the caller needs. */
  private async readLog<R extends EventRow | EventJsonRow>(
    name: string,
    columns: string,
    after: LogCheckpoint,
    limit: number,
  ): Promise<R[]> {
    const { rows } = await this.pool.query<R>({
      name,
      text: `SELECT ${columns} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id, events.global_position
       LIMIT $3`,
      values: [after.transactionId, after.globalPosition, limit],
    });
    return rows;
  }
}
