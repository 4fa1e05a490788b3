import type { StoredEvent } from '@hilfenetz/contracts';
import { createKafka, ensureTopics, KafkaPublisher, KafkaSubscriber, TOPICS, topicName } from '@hilfenetz/event-bus';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { OutboxRelay, ProjectionRunner, TimelineProjection } from '@hilfenetz/projector';
import {
  aCaseStream,
  aCrisisTriggered,
  eventually,
  openDataSource,
  PrivatePostgres,
  testEnv,
} from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Postgres restarted (fast shutdown, every connection cut, 5 s down) while events are appended,
 * relayed to Kafka and projected into the timeline: once it is back, every event is stored once,
 * reaches Kafka and appears in the timeline exactly once. Its own Postgres cluster, so nobody
 * else's database goes away.
 */
describe('fault: Postgres restarted under load', () => {
  let pg: PrivatePostgres;
  let ds: DataSource;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    ds = await openDataSource(pg.appUrl, 8);
  });
  afterAll(async () => {
    await ds?.destroy().catch(() => undefined);
    pg?.destroy();
  });

  it('loses nothing and duplicates nothing once it is back', async () => {
    const env = testEnv();
    const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'it-pg-restart' });
    const prefix = `${env.topicPrefix}pgrestart-${randomUUID().slice(0, 6)}-`;
    await ensureTopics(kafka, prefix);
    const topic = topicName(prefix, TOPICS.caseEvents);
    const store = new PostgresEventStore(ds);

    const relayErrors: unknown[] = [];
    const relay = new OutboxRelay(
      ds,
      store,
      new KafkaPublisher(kafka),
      { name: 'kafka:pg-restart', topic, batchSize: 50, pollIntervalMs: 100, databaseUrl: pg.appUrl },
      (err) => relayErrors.push(err),
    );
    await relay.start();

    // The timeline projection as the projector runs it: Kafka → runner → Postgres, retried by the
    // consumer when Postgres is away (a failed handler does not commit its offset).
    const runner = new ProjectionRunner(ds, new TimelineProjection(), store);
    const projectionErrors: unknown[] = [];
    const subscriber = new KafkaSubscriber(kafka, `${prefix}timeline`);
    await subscriber.run(topic, async (m) => {
      try {
        await runner.apply([JSON.parse(m.value) as StoredEvent]);
      } catch (err) {
        projectionErrors.push(err);
        throw err;
      }
    });

    try {
      // Writers as the activities are: a failed append is retried with the same events until it
      // succeeds (Temporal's retry policy), so an append whose commit was lost is sent again.
      const appended: string[] = [];
      let appendFailures = 0;
      const appendOne = async () => {
        const { caseId, streamId } = aCaseStream('PGRESTART');
        const e = aCrisisTriggered(caseId);
        for (;;) {
          try {
            await store.append(streamId, [e]);
            appended.push(e.eventId);
            return;
          } catch {
            appendFailures += 1;
            await sleep(250);
          }
        }
      };
      let writing = true;
      const writers = [0, 1, 2].map(async () => {
        while (writing) {
          await appendOne();
          await sleep(20);
        }
      });

      await sleep(2_000);
      const beforeRestart = appended.length;
      pg.stop(); // every connection cut
      await sleep(5_000);
      pg.start();
      await sleep(3_000);
      writing = false;
      await Promise.all(writers);

      expect(beforeRestart).toBeGreaterThan(0);
      expect(appendFailures).toBeGreaterThan(0); // the outage was real for the writers

      // Stored exactly once each, however often an append was retried.
      const stored: { event_id: string; n: number }[] = await ds.query(
        `SELECT event_id, count(*)::int AS n FROM events WHERE stream_id LIKE 'case-FALL-PGRESTART-%' GROUP BY event_id`,
      );
      expect(stored.map((r) => r.event_id).sort()).toEqual([...appended].sort());
      expect(stored.every((r) => r.n === 1)).toBe(true);

      // Every event in the timeline, once.
      await eventually(
        async () => {
          const [row]: { n: number }[] = await ds.query(
            `SELECT count(*)::int AS n FROM timeline_entries WHERE event_id = ANY($1::uuid[])`,
            [appended],
          );
          return row!.n === appended.length ? true : undefined;
        },
        { timeoutMs: 120_000, what: 'every appended event in the timeline' },
      );
      const rows: { event_id: string; n: number }[] = await ds.query(
        `SELECT event_id, count(*)::int AS n FROM timeline_entries WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
        [appended],
      );
      expect(rows).toHaveLength(appended.length);
      expect(relayErrors.length + projectionErrors.length).toBeGreaterThan(0); // they saw the outage too
    } finally {
      await subscriber.stop();
      await relay.stop();
    }
  });
});
