import type { NewEvent, StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { LogCheckpoint } from './checkpoint';

/** What the caller expects the stream's version to be: a number, no stream yet, or anything. */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendResult {
  streamVersion: number;
  /** True when every event of the batch was already stored (a retried append): nothing was written. */
  duplicate: boolean;
  events: { eventId: string; globalPosition: string; streamVersion: number }[];
}

/** An event on its way out (the relay to Kafka): what routes it, and the whole envelope as JSON. */
export interface SerialisedEvent extends LogCheckpoint {
  eventId: string;
  streamId: string;
  type: string;
  schemaVersion: number;
  /** `JSON.stringify` of the event as `readAll` returns it (upcast), up to whitespace. */
  json: string;
}

export interface ReadStreamOptions {
  /** Only events with a stream version above this one. */
  afterVersion?: number;
}

/**
 * The append-only event log, as its callers see it (activities, services, the relay, projections).
 * Depend on this, not on the Postgres class; `PostgresEventStore` implements it.
 */
export interface EventStore {
  /**
   * Appends the events to the stream in one transaction, idempotently by event id: a retry of a
   * stored batch returns its positions with `duplicate: true`. Throws `StreamVersionConflict` when
   * `expected` does not hold, `PartialDuplicateBatch` when only some of the events are stored.
   */
  append(streamId: string, events: NewEvent[], expected?: ExpectedVersion): Promise<AppendResult>;
  /**
   * The stream's events in version order, upcast to their current schema versions; with
   * `afterVersion`, only those after it (the tail a reader folds on top of a snapshot).
   */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * Up to `limit` events after `after` in commit order (ADR 0003), upcast. Never returns an event
   * of a transaction newer than one still running, so a checkpoint cannot pass a late commit.
   */
  readAll(after?: LogCheckpoint, limit?: number): Promise<StoredEvent[]>;
  /** The same events as `readAll`, each already serialised: for passing on, not for looking into. */
  readAllSerialised(after?: LogCheckpoint, limit?: number): Promise<SerialisedEvent[]>;
  /**
   * Whether any committed event lies after `after`, whether or not `readAll` returns it yet: one
   * hidden behind an older transaction still running (a projection's write, a checkpoint) becomes
   * readable when that one ends, and that end notifies nobody. A reader that found nothing asks
   * this before it sleeps; asked after its read, so a transaction ending in between is seen too.
   */
  hasEventsAfter(after: LogCheckpoint): Promise<boolean>;
}

/**
 * An event store whose appends can join the caller's transaction, for the rare writes that must
 * commit together with events (erasure, legal hold, publishing an agreement version). The
 * transaction is TypeORM's EntityManager (docs/adr/0011).
 */
export interface TransactionalEventStore extends EventStore {
  /** Like `append`, inside `m`'s transaction. Call `lockStream` before the transaction's first write. */
  appendInTransaction(
    m: EntityManager,
    streamId: string,
    events: NewEvent[],
    expected?: ExpectedVersion,
  ): Promise<AppendResult>;
  /** Takes the stream's append lock in `m`'s transaction (before its first write). */
  lockStream(m: EntityManager, streamId: string): Promise<void>;
}
