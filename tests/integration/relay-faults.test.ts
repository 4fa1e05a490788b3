import type { StoredEvent } from '@hilfenetz/contracts';
import {
  createKafka,
  ensureTopics,
  KafkaPublisher,
  TOPICS,
  topicName,
  type BusMessage,
  type EventPublisher,
} from '@hilfenetz/event-bus';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { OutboxRelay, ProjectionRunner, type Projection } from '@hilfenetz/projector';
import {
  aCaseStream,
  aCrisisTriggered,
  collectFromTopic,
  eventually,
  openDataSource,
  PrivateKafka,
  testEnv,
} from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** A read model for the test: one row per event id, so a duplicate would show as a second row. */
class SeenEventsProjection implements Projection {
  readonly name: string;
  readonly tables: string[] = [];
  readonly applied: string[] = [];
  constructor(id: string) {
    this.name = `seen-${id}`;
  }
  async applyBatch(_m: EntityManager, events: StoredEvent[]): Promise<void> {
    this.applied.push(...events.map((e) => e.eventId));
  }
}

/** Sends, then dies before the relay can move its checkpoint (or dies before sending). */
class CrashingPublisher implements EventPublisher {
  constructor(
    private readonly inner: EventPublisher,
    private readonly mode: 'after-send' | 'before-send',
  ) {}
  connect() {
    return this.inner.connect();
  }
  async publish(topic: string, messages: BusMessage[]) {
    if (this.mode === 'after-send') await this.inner.publish(topic, messages);
    throw new Error(`simulated crash ${this.mode}`);
  }
  disconnect() {
    return this.inner.disconnect();
  }
}

describe('relay faults: nothing lost, nothing duplicated in the projections', () => {
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 6);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  /** A relay name whose checkpoint starts at the current end of the log, so only new events count. */
  async function freshRelayName(): Promise<string> {
    const name = `test-relay-${randomUUID()}`;
    await ds.query(
      `INSERT INTO relay_checkpoints (name, transaction_id, global_position)
       SELECT $1, COALESCE(max(transaction_id), '0'::xid8), COALESCE(max(global_position), 0) FROM events`,
      [name],
    );
    return name;
  }

  async function appendEvents(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { caseId, streamId } = aCaseStream('RELAY');
      const e = aCrisisTriggered(caseId);
      await store.append(streamId, [e]);
      ids.push(e.eventId);
    }
    return ids;
  }

  it('a relay killed between the database commit and the Kafka send loses nothing; projections stay duplicate-free', async () => {
    const env = testEnv();
    const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'it-relay-crash' });
    const prefix = `${env.topicPrefix}crash-${randomUUID().slice(0, 6)}-`;
    await ensureTopics(kafka, prefix);
    const topic = topicName(prefix, TOPICS.caseEvents);
    const name = await freshRelayName();
    const opts = { name, topic, batchSize: 10, pollIntervalMs: 50, databaseUrl: env.databaseUrl };

    const ids = await appendEvents(25);
    for (const mode of ['before-send', 'after-send'] as const) {
      const publisher = new KafkaPublisher(kafka);
      await publisher.connect();
      await expect(
        new OutboxRelay(ds, store, new CrashingPublisher(publisher, mode), opts).drainOnce(),
      ).rejects.toThrow(/simulated crash/);
      await publisher.disconnect();
    }
    // The restarted relay picks up from its checkpoint and drains the rest.
    const restarted = new KafkaPublisher(kafka);
    await restarted.connect();
    const relay = new OutboxRelay(ds, store, restarted, opts);
    while ((await relay.drainOnce()) > 0);
    await restarted.disconnect();

    const seen = await collectFromTopic(env.kafkaBrokers, topic, (ms) =>
      ids.every((id) => ms.some((m) => m.headers['event-id'] === id)),
    );
    const onKafka = seen.map((m) => m.headers['event-id']);
    for (const id of ids) expect(onKafka).toContain(id);
    // The batch sent before the crash went out twice: at least once is the contract ...
    expect(onKafka.length).toBeGreaterThan(ids.length);

    // ... and the projection runner turns it into exactly once.
    const projection = new SeenEventsProjection(randomUUID());
    const runner = new ProjectionRunner(ds, projection, store);
    for (const m of seen) await runner.apply([JSON.parse(m.value) as StoredEvent]);
    expect([...projection.applied].sort()).toEqual([...ids].sort());
  });

  it('Kafka stopped for 30 s while events are appended: the relay catches up by itself, nothing lost', async () => {
    const env = testEnv();
    const broker = await PrivateKafka.create();
    const kafka = createKafka({ brokers: broker.brokers, clientId: 'it-relay-outage' });
    try {
      await ensureTopics(kafka, 'outage-');
      const topic = topicName('outage-', TOPICS.caseEvents);
      const errors: unknown[] = [];
      const relay = new OutboxRelay(
        ds,
        store,
        new KafkaPublisher(kafka),
        { name: await freshRelayName(), topic, batchSize: 50, pollIntervalMs: 100, databaseUrl: env.databaseUrl },
        (err) => errors.push(err),
      );
      await relay.start();
      const before = await appendEvents(10);
      await eventually(
        async () => {
          const seen = await collectFromTopic(broker.brokers, topic, (ms) => ms.length >= 10, 5_000);
          return seen.length >= 10 ? true : undefined;
        },
        { timeoutMs: 30_000, what: 'events before the outage on Kafka' },
      );

      await broker.stop();
      const during: string[] = [];
      const outageEnds = Date.now() + 30_000;
      while (Date.now() < outageEnds) {
        during.push(...(await appendEvents(2)));
        await new Promise((r) => setTimeout(r, 1_000));
      }
      await broker.start();
      const after = await appendEvents(5);

      const all = [...before, ...during, ...after];
      const seen = await collectFromTopic(
        broker.brokers,
        topic,
        (ms) => all.every((id) => ms.some((m) => m.headers['event-id'] === id)),
        120_000,
      );
      const ids = new Set(seen.map((m) => m.headers['event-id']));
      for (const id of all) expect(ids).toContain(id);
      expect(errors.length).toBeGreaterThan(0); // the outage was real and the relay saw it
      await relay.stop();

      const projection = new SeenEventsProjection(randomUUID());
      const runner = new ProjectionRunner(ds, projection, store);
      for (const m of seen) await runner.apply([JSON.parse(m.value) as StoredEvent]);
      expect([...projection.applied].sort()).toEqual([...all].sort());
    } finally {
      await broker.stop();
    }
  }, 300_000);
});
