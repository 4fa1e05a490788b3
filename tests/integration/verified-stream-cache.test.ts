import { PostgresEventStore, VerifiedStreamCache, verifyStream } from '@hilfenetz/event-store';
import { aCaseStream, aCrisisTriggered, openDataSource, testEnv } from '@hilfenetz/testing';
import type { DataSource } from 'typeorm';

/**
 * Issue 16: a timeline page must not re-hash the whole case. The cache the timeline pages use
 * hashes only what was appended since the last intact check, and the whole stream again after its
 * interval; this shows the trade-off it makes, on the real Postgres: an edit or a truncation after
 * the verified prefix is named at once, an edit inside it once the interval has passed.
 */
describe('VerifiedStreamCache: incremental chain checks for the timeline pages', () => {
  let app: DataSource;
  let admin: DataSource;
  let store: PostgresEventStore;
  let clock = 0;
  let cache: VerifiedStreamCache;
  let queries: string[];

  beforeAll(async () => {
    const env = testEnv();
    if (!env.adminUrl) throw new Error('DATABASE_ADMIN_URL is needed for the tamper tests (npm test sets it)');
    app = await openDataSource(env.databaseUrl, 4);
    admin = await openDataSource(env.adminUrl, 2);
    store = new PostgresEventStore(app);
  });
  afterAll(async () => {
    await app.destroy();
    await admin.destroy();
  });
  beforeEach(() => {
    clock = 1_000_000;
    queries = [];
    // The statements the cache runs, to see which events it reads.
    const counting = Object.create(app) as DataSource;
    counting.query = ((sql: string, params?: unknown[]) => {
      queries.push(`${sql.replace(/\s+/g, ' ')} ${JSON.stringify(params ?? [])}`);
      return app.query(sql, params);
    }) as DataSource['query'];
    cache = new VerifiedStreamCache(counting, { fullEveryMs: 60_000, maxStreams: 100, now: () => clock });
  });

  async function streamOf(n: number) {
    const { caseId, streamId } = aCaseStream('VCACHE');
    for (let i = 0; i < n; i++) await store.append(streamId, [aCrisisTriggered(caseId)]);
    return { caseId, streamId };
  }

  async function tamper(sql: string, params: unknown[]) {
    await admin.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });
  }

  const eventReads = () => queries.filter((q) => q.includes('FROM events'));

  it('reads only the events appended since the last intact check', async () => {
    const { caseId, streamId } = await streamOf(5);
    expect(await cache.verify(streamId)).toEqual({ ok: true, streamId, events: 5 });
    await store.append(streamId, [aCrisisTriggered(caseId)]);
    await store.append(streamId, [aCrisisTriggered(caseId)]);
    queries = [];
    expect(await cache.verify(streamId)).toEqual({ ok: true, streamId, events: 7 });
    expect(eventReads()).toEqual([expect.stringContaining(`["${streamId}",5]`)]);
    // The same answer a full verification gives.
    expect(await verifyStream(app, streamId)).toEqual({ ok: true, streamId, events: 7 });
  });

  it('names an edit or a truncation after the verified prefix at once', async () => {
    const { caseId, streamId } = await streamOf(3);
    expect((await cache.verify(streamId)).ok).toBe(true);
    await store.append(streamId, [aCrisisTriggered(caseId)]);
    await tamper(
      `UPDATE events SET data = jsonb_set(data, '{urgency}', '"soon"') WHERE stream_id = $1 AND stream_version = 4`,
      [streamId],
    );
    expect(await cache.verify(streamId)).toMatchObject({ ok: false, streamVersion: 4, reason: 'content_changed' });

    const other = await streamOf(3);
    expect((await cache.verify(other.streamId)).ok).toBe(true);
    await tamper(`DELETE FROM events WHERE stream_id = $1 AND stream_version = 3`, [other.streamId]);
    await tamper(
      `UPDATE event_streams SET version = 2, last_hash = (SELECT hash FROM events WHERE stream_id = $1 AND stream_version = 2) WHERE stream_id = $1`,
      [other.streamId],
    );
    expect(await cache.verify(other.streamId)).toMatchObject({ ok: false, reason: 'head_mismatch' });
  });

  it('names an edit inside the verified prefix once the full interval has passed, and never caches a broken chain', async () => {
    const { streamId } = await streamOf(4);
    expect((await cache.verify(streamId)).ok).toBe(true);
    await tamper(
      `UPDATE events SET data = jsonb_set(data, '{urgency}', '"soon"') WHERE stream_id = $1 AND stream_version = 2`,
      [streamId],
    );
    // Within the interval the prefix is trusted: this is the trade-off, bounded by fullEveryMs.
    clock += 59_000;
    expect((await cache.verify(streamId)).ok).toBe(true);
    clock += 2_000;
    expect(await cache.verify(streamId)).toMatchObject({ ok: false, streamVersion: 2, reason: 'content_changed' });
    // Broken stays broken on the next page too: the whole stream is read again.
    queries = [];
    expect((await cache.verify(streamId)).ok).toBe(false);
    expect(eventReads()).toEqual([expect.stringContaining(`["${streamId}",0]`)]);
  });
});
