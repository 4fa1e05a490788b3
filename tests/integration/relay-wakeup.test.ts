import type { StoredEvent } from '@hilfenetz/contracts';
import type { BusMessage, EventPublisher } from '@hilfenetz/event-bus';
import { PostgresEventStore, type LogCheckpoint } from '@hilfenetz/event-store';
import { OutboxRelay } from '@hilfenetz/projector';
import { aCaseStream, aCrisisTriggered, eventually, openDataSource, testEnv } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Records what was "sent"; can be told to fail a given call. */
class RecordingPublisher implements EventPublisher {
  readonly batches: BusMessage[][] = [];
  calls = 0;
  constructor(private readonly failOnCall: number | null = null) {}
  async connect() {}
  async publish(_topic: string, messages: BusMessage[]) {
    this.calls += 1;
    if (this.calls === this.failOnCall) throw new Error('simulated send failure');
    this.batches.push(messages);
  }
  async disconnect() {}
  ids(): string[] {
    return this.batches.flat().map((m) => m.headers['event-id']!);
  }
}

describe('relay: wake-ups, in-memory checkpoint and reading ahead', () => {
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 6);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  async function freshRelayName(): Promise<string> {
    const name = `test-relay-${randomUUID()}`;
    await ds.query(
      `INSERT INTO relay_checkpoints (name, transaction_id, global_position)
       SELECT $1, COALESCE(max(transaction_id), '0'::xid8), COALESCE(max(global_position), 0) FROM events`,
      [name],
    );
    return name;
  }

  async function dbCheckpoint(name: string): Promise<LogCheckpoint> {
    const [row]: { transaction_id: string; global_position: string }[] = await ds.query(
      `SELECT transaction_id::text, global_position::text FROM relay_checkpoints WHERE name = $1`,
      [name],
    );
    return { transactionId: row!.transaction_id, globalPosition: row!.global_position };
  }

  it('a notification that arrives while an empty drain is running is not lost', async () => {
    const { caseId, streamId } = aCaseStream('WAKE');
    const late = aCrisisTriggered(caseId);
    let held = false;
    // The relay's first read finds nothing; before it returns, an event commits and notifies.
    const racing = Object.create(store) as PostgresEventStore;
    racing.readAllSerialised = async (from, limit) => {
      const found = await store.readAllSerialised(from, limit);
      if (!held) {
        held = true;
        await store.append(streamId, [late], 'no_stream');
        await new Promise((r) => setTimeout(r, 300)); // the NOTIFY reaches the listener meanwhile
      }
      return found;
    };
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(ds, racing, publisher, {
      name: await freshRelayName(),
      topic: 'unused',
      batchSize: 100,
      pollIntervalMs: 120_000, // only a wake-up can make the relay look again within the test
      databaseUrl: testEnv().databaseUrl,
    });
    await relay.start();
    try {
      await eventually(async () => (publisher.ids().includes(late.eventId) ? true : undefined), {
        timeoutMs: 10_000,
        what: 'the relay to publish the event whose notification came during an empty drain',
      });
      expect(held).toBe(true);
    } finally {
      await relay.stop();
    }
  });

  it('an event hidden behind an older transaction is sent soon after that one ends, though its end notifies nobody', async () => {
    const { caseId, streamId } = aCaseStream('HELD');
    const event = aCrisisTriggered(caseId);
    const publisher = new RecordingPublisher();
    // Counts the relay's looks for held-back events: while the older transaction runs it must look
    // again in time, but not every 5 ms for as long as that transaction lasts.
    let looks = 0;
    const counting = Object.create(store) as PostgresEventStore;
    counting.hasEventsAfter = (position) => {
      looks += 1;
      return store.hasEventsAfter(position);
    };
    const relay = new OutboxRelay(ds, counting, publisher, {
      name: await freshRelayName(),
      topic: 'unused',
      batchSize: 100,
      pollIntervalMs: 120_000, // only a wake-up or the held-back look can make it look again in time
      databaseUrl: testEnv().databaseUrl,
    });
    // Any transaction with an id (a projection's write, say) started before the append holds it back.
    const older = ds.createQueryRunner();
    await older.connect();
    await older.startTransaction();
    await relay.start();
    try {
      await older.query('SELECT pg_current_xact_id()');
      await store.append(streamId, [event], 'no_stream'); // commits and notifies
      await new Promise((r) => setTimeout(r, 1_500)); // the relay reads after the notification: nothing yet
      expect(publisher.ids()).not.toContain(event.eventId);
      // Backing off from 5 to 50 ms makes about 35 looks in 1.5 s; a fixed 5 ms would make ~300.
      expect(looks).toBeGreaterThan(0);
      expect(looks).toBeLessThan(100);
      await older.commitTransaction(); // no notification
      await eventually(async () => (publisher.ids().includes(event.eventId) ? true : undefined), {
        timeoutMs: 10_000,
        what: 'the relay to publish the event once the older transaction ended',
      });
    } finally {
      if (older.isTransactionActive) await older.rollbackTransaction();
      await older.release();
      await relay.stop();
    }
  });

  it('reads ahead while sending, keeps stream order, and never moves the checkpoint past an unsent event', async () => {
    const name = await freshRelayName();
    const streams = Array.from({ length: 3 }, () => aCaseStream('AHEAD'));
    const mine = new Map<string, { streamId: string; version: number }>();
    for (let v = 1; v <= 15; v++) {
      for (const s of streams) {
        const e = aCrisisTriggered(s.caseId);
        await store.append(s.streamId, [e], v - 1);
        mine.set(e.eventId, { streamId: s.streamId, version: v });
      }
    }
    const publisher = new RecordingPublisher(2); // the second send fails
    const relay = new OutboxRelay(ds, store, publisher, {
      name,
      topic: 'unused',
      batchSize: 10,
      pollIntervalMs: 50,
      databaseUrl: testEnv().databaseUrl,
    });

    expect(await relay.drainOnce()).toBe(10);
    const firstBatch = publisher.batches[0]!;
    const lastSent = JSON.parse(firstBatch[firstBatch.length - 1]!.value) as StoredEvent;
    await expect(relay.drainOnce()).rejects.toThrow('simulated send failure');
    // The failed batch (read ahead during the first send) did not move the checkpoint.
    expect(await dbCheckpoint(name)).toEqual({
      transactionId: lastSent.transactionId,
      globalPosition: lastSent.globalPosition,
    });

    await eventually(
      async () => {
        while ((await relay.drainOnce()) > 0);
        return [...mine.keys()].every((id) => publisher.ids().includes(id)) ? true : undefined;
      },
      { timeoutMs: 20_000, what: 'every event sent' },
    );
    const sent = publisher.batches.flat().map((m) => JSON.parse(m.value) as StoredEvent);
    const ours = sent.filter((e) => mine.has(e.eventId));
    expect(new Set(ours.map((e) => e.eventId)).size).toBe(mine.size);
    expect(ours).toHaveLength(mine.size); // the failed batch was never sent, so nothing twice
    for (const s of streams) {
      expect(ours.filter((e) => e.streamId === s.streamId).map((e) => e.streamVersion)).toEqual(
        Array.from({ length: 15 }, (_, i) => i + 1),
      );
    }
    const last = sent[sent.length - 1]!;
    expect(await dbCheckpoint(name)).toEqual({
      transactionId: last.transactionId,
      globalPosition: last.globalPosition,
    });
  });
});
