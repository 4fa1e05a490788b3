import type { StoredEvent } from '@hilfenetz/contracts';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { ProjectionRunner, TimelineProjection } from '@hilfenetz/projector';
import { aCaseStream, aCrisisTriggered, openDataSource, testEnv } from '@hilfenetz/testing';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The timeline is rebuilt in a shadow table and swapped in at the end (docs/adr/0052): a
 * supervisor reading a timeline during a rebuild sees the whole old one, never a half-filled one;
 * a rebuild that fails leaves the live timeline and its checkpoints as they were; the rebuilt
 * table carries the live one's indexes, constraint and grants; and the functions that make and
 * swap tables for the apps' role refuse any table but a listed read model.
 */
describe('timeline rebuild in a shadow table', () => {
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 4);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  const rowsOf = async (caseId: string): Promise<string[]> =>
    (
      (await ds.query(`SELECT event_id FROM timeline_entries WHERE case_id = $1 ORDER BY stream_version`, [
        caseId,
      ])) as { event_id: string }[]
    ).map((r) => r.event_id);
  const indexes = () =>
    ds.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'timeline_entries' ORDER BY indexname`);
  const grants = () =>
    ds.query(
      `SELECT pg_get_userbyid(a.grantee) AS grantee, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a
       WHERE c.oid = 'timeline_entries'::regclass ORDER BY 1, 2`,
    );
  const shadowExists = async () =>
    (
      (await ds.query(`SELECT to_regclass('timeline_entries__rebuild') IS NOT NULL AS present`)) as {
        present: boolean;
      }[]
    )[0]!.present;
  const checkpointOf = (streamId: string) =>
    ds.query(
      `SELECT stream_version, global_position::text FROM projection_checkpoints WHERE projection = 'timeline' AND stream_id = $1`,
      [streamId],
    );

  /** A case with `n` events, projected live (as the projector would) before the rebuild. */
  async function aLiveCase(n: number) {
    const c = aCaseStream('SHADOW');
    const written: string[] = [];
    for (let v = 0; v < n; v++) {
      const e = aCrisisTriggered(c.caseId);
      await store.append(c.streamId, [e], v === 0 ? 'no_stream' : v);
      written.push(e.eventId);
    }
    await new ProjectionRunner(ds, new TimelineProjection(), store).apply(await store.readStream(c.streamId));
    expect(await rowsOf(c.caseId)).toEqual(written);
    return { ...c, written };
  }

  /** The timeline projection whose rebuild writes go through `around` (the call's number, the real write). */
  function timelineWithWrite(around: (call: number, write: () => Promise<void>) => Promise<void>): TimelineProjection {
    const projection = new TimelineProjection();
    const { table, write } = projection.shadowRebuild;
    let calls = 0;
    return Object.assign(Object.create(projection) as TimelineProjection, {
      shadowRebuild: {
        table,
        write: (m: EntityManager, events: StoredEvent[], into: string) => around(++calls, () => write(m, events, into)),
      },
    });
  }

  it('keeps the whole old timeline readable until the rebuilt one takes over with the same indexes and grants', async () => {
    const c = await aLiveCase(3);
    const indexesBefore = await indexes();
    const grantsBefore = await grants();

    let paused!: () => void;
    const pausedAt = new Promise<void>((resolve) => (paused = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = timelineWithWrite(async (call, write) => {
      await write();
      if (call === 1) {
        paused();
        await gate;
      }
    });
    const rebuilding = new ProjectionRunner(ds, gated, store).rebuild(50);
    await pausedAt;
    // Mid-rebuild: the shadow is being filled, the live table still holds the case whole.
    expect(await shadowExists()).toBe(true);
    expect(await rowsOf(c.caseId)).toEqual(c.written);
    release();
    await rebuilding;

    expect(await shadowExists()).toBe(false);
    expect(await rowsOf(c.caseId)).toEqual(c.written);
    expect(await indexes()).toEqual(indexesBefore);
    expect(await grants()).toEqual(grantsBefore);
    // The live path goes on on the swapped-in table: ON CONFLICT (event_id) needs its primary key.
    const next = aCrisisTriggered(c.caseId);
    await store.append(c.streamId, [next], 3);
    const runner = new ProjectionRunner(ds, new TimelineProjection(), store);
    expect(await runner.apply(await store.readStream(c.streamId))).toBe(1);
    expect(await rowsOf(c.caseId)).toEqual([...c.written, next.eventId]);
    expect(await checkpointOf(c.streamId)).toEqual([expect.objectContaining({ stream_version: 4 })]);
  });

  it('leaves the live timeline and its checkpoints as they were when a rebuild fails half-way', async () => {
    const c = await aLiveCase(4);
    const checkpointBefore = await checkpointOf(c.streamId);
    expect(checkpointBefore).toEqual([expect.objectContaining({ stream_version: 4 })]);

    const failing = timelineWithWrite(async (call, write) => {
      if (call === 3) throw new Error('the rebuild dies here');
      await write();
    });
    await expect(new ProjectionRunner(ds, failing, store).rebuild(2, 2)).rejects.toThrow('the rebuild dies here');

    expect(await rowsOf(c.caseId)).toEqual(c.written);
    expect(await checkpointOf(c.streamId)).toEqual(checkpointBefore);

    // The next rebuild drops what the failed one had filled and finishes.
    await new ProjectionRunner(ds, new TimelineProjection(), store).rebuild();
    expect(await shadowExists()).toBe(false);
    expect(await rowsOf(c.caseId)).toEqual(c.written);
  });

  it('gathers the rebuilt timeline’s planner statistics while indexing it, not under the swap’s lock on readers', async () => {
    await aLiveCase(3);
    // Column statistics exist only once a table was analysed (an index build counts rows, no more).
    const columnsWithStatistics = async (table: string) =>
      (
        (await ds.query(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = $1`, [
          table,
        ])) as { n: number }[]
      )[0]!.n;
    const columns = (
      (await ds.query(
        `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'timeline_entries'`,
      )) as { n: number }[]
    )[0]!.n;
    // The three steps the runner takes, by hand, with the live rows copied in as the fill.
    await ds.query(`SELECT hilfenetz_shadow_begin('timeline_entries')`);
    await ds.query(`INSERT INTO timeline_entries__rebuild SELECT * FROM timeline_entries`);
    expect(await columnsWithStatistics('timeline_entries__rebuild')).toBe(0);
    await ds.query(`SELECT hilfenetz_shadow_index('timeline_entries')`);
    expect(await columnsWithStatistics('timeline_entries__rebuild')).toBe(columns);
    // Statistics belong to the table, not its name: after the swap they are the live timeline's.
    await ds.transaction((m) => m.query(`SELECT hilfenetz_shadow_swap('timeline_entries')`));
    expect(await shadowExists()).toBe(false);
    expect(await columnsWithStatistics('timeline_entries')).toBe(columns);
  });

  it('refuses to make, index or swap a table that is not a listed read model, such as the event log', async () => {
    const before = ((await ds.query(`SELECT count(*)::int AS n FROM events`)) as { n: number }[])[0]!.n;
    for (const fn of ['hilfenetz_shadow_begin', 'hilfenetz_shadow_index', 'hilfenetz_shadow_swap']) {
      await expect(ds.query(`SELECT ${fn}('events')`)).rejects.toThrow(
        'events is not a read model rebuilt in a shadow table',
      );
    }
    expect(await ds.query(`SELECT to_regclass('events__rebuild') AS t`)).toEqual([{ t: null }]);
    const after = ((await ds.query(`SELECT count(*)::int AS n FROM events`)) as { n: number }[])[0]!.n;
    expect(after).toBeGreaterThanOrEqual(before);
    // And the apps' role cannot add a table to the list.
    await expect(ds.query(`INSERT INTO shadow_rebuild_tables (table_name) VALUES ('events')`)).rejects.toThrow(
      /permission denied/,
    );
  });
});
