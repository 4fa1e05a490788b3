import type { StoredEvent } from '@hilfenetz/contracts';
import type { EventPublisher } from '@hilfenetz/event-bus';
import { START_OF_LOG, type LogCheckpoint, type PostgresEventStore } from '@hilfenetz/event-store';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export interface RelayOptions {
  name: string;
  topic: string;
  batchSize: number;
  pollIntervalMs: number;
  databaseUrl: string;
}

/** The event as it travels on Kafka: the stored envelope as JSON; headers for routing without parsing. */
export function toBusMessage(e: StoredEvent) {
  return {
    key: e.streamId,
    value: JSON.stringify(e),
    headers: { 'event-id': e.eventId, 'event-type': e.type, 'schema-version': String(e.schemaVersion) },
  };
}

/**
 * Reads the event store by commit order and publishes to Kafka, then moves its checkpoint. A crash
 * between the send and the checkpoint re-sends the batch: at least once on Kafka, and consumers
 * deduplicate by event id. Never writes to the store and Kafka in one step.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | null = null;
  private listener: Client | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly store: PostgresEventStore,
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
      client.on('notification', () => this.wake?.());
      client.on('error', () => {
        this.listener = null;
      });
      await client.connect();
      await client.query('LISTEN hilfenetz_events');
      this.listener = client;
    } catch (err) {
      this.onError(err);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const moved = await this.drainOnce();
        if (moved > 0) continue;
        if (!this.listener) await this.listen();
      } catch (err) {
        this.onError(err);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.pollIntervalMs);
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
    const from = await this.checkpoint();
    const events = await this.store.readAll(from, this.opts.batchSize);
    if (events.length === 0) return 0;
    await this.publisher.publish(this.opts.topic, events.map(toBusMessage));
    const last = events[events.length - 1]!;
    await this.ds.query(
      `INSERT INTO relay_checkpoints (name, transaction_id, global_position, updated_at)
       VALUES ($1, $2::xid8, $3, now())
       ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
         global_position = EXCLUDED.global_position, updated_at = now()`,
      [this.opts.name, last.transactionId, last.globalPosition],
    );
    return events.length;
  }

  private async checkpoint(): Promise<LogCheckpoint> {
    const [row]: { transaction_id: string; global_position: string }[] = await this.ds.query(
      `SELECT transaction_id::text, global_position::text FROM relay_checkpoints WHERE name = $1`,
      [this.opts.name],
    );
    return row ? { transactionId: row.transaction_id, globalPosition: row.global_position } : START_OF_LOG;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    await this.publisher.disconnect();
  }
}
