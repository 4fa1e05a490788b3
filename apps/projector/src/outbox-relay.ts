import type { StoredEvent } from '@hilfenetz/contracts';
import type { BusMessage, EventPublisher, ValueCodec } from '@hilfenetz/event-bus';
import {
  checkpointAfter,
  EVENTS_CHANNEL,
  START_OF_LOG,
  type EventStore,
  type LogCheckpoint,
  type SerialisedEvent,
} from '@hilfenetz/event-store';
import { pgPool } from '@hilfenetz/persistence';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export interface RelayOptions {
  name: string;
  topic: string;
  batchSize: number;
  pollIntervalMs: number;
  databaseUrl: string;
  /**
   * Encrypts every event's value before it leaves (`toWireMessage`).
   * Applied here, not in the publisher, so the next batch is encoded while the current one waits
   * for the broker's acknowledgement.
   */
  valueCodec?: ValueCodec;
}

/**
 * How soon the relay looks again while committed events wait for an older transaction: first
 * after 5 ms, then twice as long each time they are still held back, up to 50 ms (or the poll
 * interval if shorter). Most holders are short writes (a projection's batch); a long one (a
 * rebuild's chunk holds its transaction for seconds) would otherwise cost two queries every 5 ms.
 */
const HELD_BACK_FIRST_RETRY_MS = 5;
const HELD_BACK_MAX_RETRY_MS = 50;

/** A batch read from the store, with the messages it becomes on Kafka. */
interface Batch {
  events: SerialisedEvent[];
  messages: BusMessage[];
}

/** An event in hand, as `readAllSerialised` would have returned it. */
export function serialised(e: StoredEvent): SerialisedEvent {
  const { eventId, streamId, type, schemaVersion, transactionId, globalPosition } = e;
  return { eventId, streamId, type, schemaVersion, transactionId, globalPosition, json: JSON.stringify(e) };
}

/** The event as it travels on Kafka: the stored envelope as JSON; headers for routing without parsing. */
export function toBusMessage(e: SerialisedEvent) {
  return {
    key: e.streamId,
    value: e.json,
    headers: { 'event-id': e.eventId, 'event-type': e.type, 'schema-version': String(e.schemaVersion) },
  };
}

/**
 * The message as it goes on the wire: its value (the event envelope) encrypted, whatever the type
 * (docs/adr/0009; issue 13, finding 5). Even "structured" types carry health facts — the danger
 * kind of a crisis, that a discharge was announced — so no type travels in clear. Key and headers
 * (pseudonymous stream id, event id and type) stay readable for partitioning and deduplication.
 */
export function toWireMessage(e: SerialisedEvent, codec?: ValueCodec): BusMessage {
  const m = toBusMessage(e);
  return codec ? { ...m, value: codec.encode(m.value) } : m;
}

/**
 * Reads the event store by commit order and publishes to Kafka, then moves its checkpoint. A crash
 * between the send and the checkpoint re-sends the batch: at least once on Kafka, and consumers
 * deduplicate by event id. Never writes to the store and Kafka in one step.
 *
 * The checkpoint is read from the database once, then kept in memory and written after every
 * publish (durably, in order, while the next batch is being sent). While a batch is sent, the next
 * one is already being read (when the batch was full): the read starts at the end of the batch
 * being sent, so it cannot skip anything, and it is only used if that send succeeded and the
 * position still matches. An event that commits after that
 * read sorts after everything the read returned (it only returns transactions older than every
 * one running at the time), so a read made early is never wrong, only possibly short.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | null = null;
  /** Set by every notification; the loop checks it before sleeping (a wake-up while draining is not lost). */
  private dirty = false;
  /** The next wait while events are held back; back to the first retry once something moved. */
  private heldBackRetryMs = HELD_BACK_FIRST_RETRY_MS;
  private listener: Client | null = null;
  private loop: Promise<void> | null = null;
  /** Where the next batch starts: loaded once, then moved after each successful publish. */
  private position: LogCheckpoint | null = null;
  private prefetched: { from: LogCheckpoint; batch: Promise<Batch> } | null = null;
  /** The last checkpoint write, running behind the next send (see drainOnce). */
  private checkpointWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    private readonly publisher: EventPublisher,
    private readonly opts: RelayOptions,
    private readonly onError: (err: unknown) => void = (err) => console.error(err),
  ) {}

  async start(): Promise<void> {
    await this.publisher.connect();
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  /** Commit notifications shorten the wait; polling still covers a lost notification or listener. */
  private async listen(): Promise<void> {
    try {
      const client = new Client({
        connectionString: this.opts.databaseUrl,
        application_name: 'hilfenetz-relay-listen',
      });
      client.on('notification', () => {
        this.dirty = true;
        this.wake?.();
      });
      client.on('error', () => {
        this.listener = null;
      });
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.onError(err);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      // Cleared before the read: a notification from here on means "look again".
      this.dirty = false;
      let wait = this.opts.pollIntervalMs;
      try {
        const moved = await this.drainOnce();
        if (moved > 0) {
          this.heldBackRetryMs = HELD_BACK_FIRST_RETRY_MS;
          continue;
        }
        if (!this.listener) await this.listen();
        if (this.dirty) continue;
        // Committed and notified, but hidden behind an older transaction still running (the read
        // never passes one, ADR 0003), whose end notifies nobody: look again soon, not after the
        // poll interval (bench relay: 1 % of events waited for the 200 ms poll).
        if (this.position && (await this.store.hasEventsAfter(this.position))) {
          wait = Math.min(this.heldBackRetryMs, this.opts.pollIntervalMs);
          this.heldBackRetryMs = Math.min(this.heldBackRetryMs * 2, HELD_BACK_MAX_RETRY_MS);
        } else {
          this.heldBackRetryMs = HELD_BACK_FIRST_RETRY_MS;
        }
        if (this.dirty) continue; // notified during that look: no wake-up is waiting for it
      } catch (err) {
        this.onError(err);
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Publishes one batch; returns how many events moved. Exposed for tests and the benchmark. */
  async drainOnce(): Promise<number> {
    const from = this.position ?? (await this.loadCheckpoint());
    const ahead = this.prefetched;
    this.prefetched = null;
    const { events, messages } =
      ahead && samePosition(ahead.from, from) ? await ahead.batch : await this.readBatch(from);
    if (events.length === 0) {
      await this.checkpointWrite; // idle: let the last batch's checkpoint become durable first
      return 0;
    }
    const next = checkpointAfter(events[events.length - 1]!);
    if (events.length >= this.opts.batchSize) {
      const read = this.readBatch(next);
      read.catch(() => undefined); // a failed read ahead is read again by the next drainOnce
      this.prefetched = { from: next, batch: read };
    }
    try {
      await this.publisher.publish(this.opts.topic, messages);
    } catch (err) {
      this.prefetched = null;
      await this.checkpointWrite.catch(() => undefined);
      throw err;
    }
    this.position = next;
    // The checkpoint (a durable write, one per batch, in order) is written while the next batch is
    // sent instead of before it: off the critical path. A crash before it lands re-sends at most
    // this batch, which consumers deduplicate by event id. A failed write surfaces here next time.
    await this.checkpointWrite;
    this.checkpointWrite = this.writeCheckpoint(next);
    this.checkpointWrite.catch(() => undefined);
    return events.length;
  }

  private async writeCheckpoint(at: LogCheckpoint): Promise<void> {
    await pgPool(this.ds).query({
      name: 'hilfenetz_relay_checkpoint',
      text: `INSERT INTO relay_checkpoints (name, transaction_id, global_position, updated_at)
             VALUES ($1, $2::xid8, $3, now())
             ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
               global_position = EXCLUDED.global_position, updated_at = now()`,
      values: [this.opts.name, at.transactionId, at.globalPosition],
    });
  }

  private async readBatch(from: LogCheckpoint): Promise<Batch> {
    // Serialised by the store: the envelope's JSON is spliced, not parsed and written out again.
    const events = await this.store.readAllSerialised(from, this.opts.batchSize);
    return { events, messages: events.map((e) => toWireMessage(e, this.opts.valueCodec)) };
  }

  private async loadCheckpoint(): Promise<LogCheckpoint> {
    const [row]: { transaction_id: string; global_position: string }[] = await this.ds.query(
      `SELECT transaction_id::text, global_position::text FROM relay_checkpoints WHERE name = $1`,
      [this.opts.name],
    );
    this.position = row ? { transactionId: row.transaction_id, globalPosition: row.global_position } : START_OF_LOG;
    return this.position;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    await this.prefetched?.batch.catch(() => undefined);
    this.prefetched = null;
    await this.checkpointWrite.catch((err: unknown) => this.onError(err));
    await this.publisher.disconnect();
  }
}

function samePosition(a: LogCheckpoint, b: LogCheckpoint): boolean {
  return a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;
}
