import { loadConfig } from '@hilfenetz/config';
import { createKafka, ensureTopics } from '@hilfenetz/event-bus';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { ProjectionRunner, startProjector, TimelineProjection } from '@hilfenetz/projector';
import { aCaseStream, aCrisisTriggered, eventually, openDataSource, testEnv } from '@hilfenetz/testing';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Read models are disposable: rebuilding the timeline from the event store gives exactly what the
 * live path (relay → Kafka → projector) built.
 */
describe('projections:rebuild', () => {
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 4);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  const snapshot = (caseIds: string[]) =>
    ds.query(
      `SELECT event_id, case_id, global_position::text, stream_version, type, occurred_at, actor_id, actor_role,
              organisation_id, data
       FROM timeline_entries WHERE case_id = ANY($1::text[]) ORDER BY case_id, stream_version`,
      [caseIds],
    );

  it('rebuilding the timeline from the store reproduces the live read model exactly', async () => {
    const env = testEnv();
    const prefix = `${env.topicPrefix}rebuild-${randomBytes(3).toString('hex')}-`;
    await ensureTopics(createKafka({ brokers: env.kafkaBrokers, clientId: 'it-rebuild' }), prefix);
    const cases = Array.from({ length: 5 }, () => aCaseStream('REBUILD'));
    for (const [i, c] of cases.entries()) {
      for (let v = 0; v <= i; v++) await store.append(c.streamId, [aCrisisTriggered(c.caseId)]);
    }
    // One row with what a COPY writer could get wrong (the rebuild writes with COPY's text format):
    // quotes, a comma, a tab, a backslash and a line break in a text column, no organisation (NULL).
    await store.append(cases[0]!.streamId, [
      aCrisisTriggered(cases[0]!.caseId, {
        metadata: {
          actorId: 'system "rebuild", test\t\\ \\N\n',
          actorRole: 'system',
          correlationId: randomBytes(8).toString('hex'),
        },
      }),
    ]);
    const expected = cases.reduce((n, _c, i) => n + i + 1, 0) + 1;

    const projector = await startProjector(
      loadConfig({
        ...process.env,
        KAFKA_TOPIC_PREFIX: prefix,
        OIDC_ISSUER: 'http://127.0.0.1:9',
        PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'),
        RELAY_POLL_INTERVAL_MS: '50',
      }),
    );
    const caseIds = cases.map((c) => c.caseId);
    let live: unknown[];
    try {
      live = await eventually(
        async () => {
          const rows = await snapshot(caseIds);
          return rows.length === expected ? rows : undefined;
        },
        { timeoutMs: 60_000, what: 'the live timeline to catch up' },
      );
    } finally {
      await projector.stop();
    }

    const applied = await new ProjectionRunner(ds, new TimelineProjection(), store).rebuild();
    expect(applied).toBeGreaterThanOrEqual(expected);
    expect(await snapshot(caseIds)).toEqual(live);
    expect(live).toHaveLength(expected);
  });
});
