import { PostgresEventStore } from '@hilfenetz/event-store';
import {
  ProjectionFanOut,
  ProjectionRunner,
  projectionLockKey,
  TimelineProjection,
  type Projection,
  type RepairedFromStore,
} from '@hilfenetz/projector';
import type { StoredEvent } from '@hilfenetz/contracts';
import { aCaseStream, aCrisisTriggered, openDataSource, testEnv } from '@hilfenetz/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { RecordingProjection } from './support/recording.projection';

/** Fails on every batch that holds an event of `streamId`, as a projection with a bug would. */
class FailingOn extends RecordingProjection {
  constructor(private readonly streamId: string) {
    super();
  }
  override async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    if (events.some((e) => e.streamId === this.streamId)) throw new Error('a read model bug');
    return super.applyBatch(m, events);
  }
}

/**
 * The projector applies what one Kafka fetch brought to every projection in one transaction
 * (docs/adr/0048). Against the real event store and checkpoints in Postgres: each projection gets
 * each stream version once, gaps come from the store, a projection being rebuilt or failing is left
 * behind without stopping the others, and the store makes good what it missed.
 */
describe('projections applied together, one transaction per batch', () => {
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 6);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  const appendVersions = async (s: { streamId: string; caseId: string }, n: number) => {
    for (let v = 1; v <= n; v++) await store.append(s.streamId, [aCrisisTriggered(s.caseId)], v - 1);
    return store.readStream(s.streamId);
  };
  const versionsOf = (p: RecordingProjection, streamId: string) =>
    p.applied.filter((e) => e.streamId === streamId).map((e) => e.streamVersion);
  const checkpointOf = async (projection: Projection, streamId: string) => {
    const rows: { stream_version: number }[] = await ds.query(
      `SELECT stream_version FROM projection_checkpoints WHERE projection = $1 AND stream_id = $2`,
      [projection.name, streamId],
    );
    return rows[0]?.stream_version ?? 0;
  };

  it('every projection gets every new version once; redeliveries are skipped; a real read model is written', async () => {
    const a = aCaseStream('FAN');
    const b = aCaseStream('FAN');
    const [a1, a2, a3] = await appendVersions(a, 3);
    const [b1, b2] = await appendVersions(b, 2);
    const one = new RecordingProjection();
    const two = new RecordingProjection();
    const timeline = new TimelineProjection();
    const fanOut = new ProjectionFanOut(ds, [one, two, timeline], store);

    const first = await fanOut.apply([a1!, b1!, a2!]);
    expect(first.leftBehind).toEqual([]);
    expect(Object.fromEntries(first.applied)).toEqual({ [one.name]: 3, [two.name]: 3, [timeline.name]: 3 });
    // The redelivered a2 and b1 come again beside the new a3 and b2.
    const second = await fanOut.apply([a2!, b1!, a3!, b2!]);
    expect(second.applied.get(one.name)).toBe(2);
    for (const p of [one, two]) {
      expect(versionsOf(p, a.streamId)).toEqual([1, 2, 3]);
      expect(versionsOf(p, b.streamId)).toEqual([1, 2]);
      expect(await checkpointOf(p, a.streamId)).toBe(3);
    }
    const rows: { event_id: string }[] = await ds.query(
      `SELECT event_id FROM timeline_entries WHERE event_id = ANY($1::uuid[])`,
      [[a1, a2, a3, b1, b2].map((e) => e!.eventId)],
    );
    expect(rows).toHaveLength(5);
    // A projection applied alone (the sweep's way) agrees: nothing is new to it.
    expect(await new ProjectionRunner(ds, one, store).apply([a1!, a2!, a3!, b1!, b2!])).toBe(0);
  });

  it('a gap is read from the store once and applied before the event that revealed it, for each projection', async () => {
    const s = aCaseStream('FANGAP');
    const [e1, e2, e3, e4] = await appendVersions(s, 4);
    const ahead = new RecordingProjection();
    const behind = new RecordingProjection();
    const repairs: RepairedFromStore[] = [];
    // `ahead` already has v1 and v2 (it was applied alone before), `behind` nothing.
    await new ProjectionRunner(ds, ahead, store).apply([e1!, e2!]);
    const fanOut = new ProjectionFanOut(ds, [ahead, behind], store, (r) => repairs.push(r));

    // Kafka lost v2 and v3: only v1 and v4 arrive.
    const result = await fanOut.apply([e1!, e4!]);
    expect(Object.fromEntries(result.applied)).toEqual({ [ahead.name]: 1, [behind.name]: 2 });
    expect(versionsOf(ahead, s.streamId)).toEqual([1, 2, 3, 4]);
    expect(versionsOf(behind, s.streamId)).toEqual([1, 2, 3, 4]);
    expect(behind.applied.map((e) => e.eventId)).toEqual([e1, e2, e3, e4].map((e) => e!.eventId));
    expect(repairs).toEqual([
      { projection: ahead.name, streamId: s.streamId, fromVersion: 3, toVersion: 3, unresolved: 0 },
      { projection: behind.name, streamId: s.streamId, fromVersion: 2, toVersion: 3, unresolved: 0 },
    ]);
  });

  it('a projection being rebuilt is left out, the others go on, and the store gives it what it missed', async () => {
    const s = aCaseStream('FANREB');
    const [e1, e2, e3] = await appendVersions(s, 3);
    const rebuilding = new RecordingProjection();
    const live = new RecordingProjection();
    const fanOut = new ProjectionFanOut(ds, [rebuilding, live], store);
    const rebuild = await ds.createQueryRunner();
    await rebuild.connect();
    try {
      // What ProjectionRunner.rebuild holds for its whole run.
      await rebuild.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [projectionLockKey(rebuilding.name)]);
      const during = await fanOut.apply([e1!, e2!]);
      expect(during.leftBehind).toEqual([{ projection: rebuilding.name, reason: 'rebuilding' }]);
      expect(versionsOf(live, s.streamId)).toEqual([1, 2]);
      expect(rebuilding.applied).toEqual([]);
      expect(await checkpointOf(rebuilding, s.streamId)).toBe(0);
    } finally {
      await rebuild.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [projectionLockKey(rebuilding.name)]);
      await rebuild.release();
    }
    // The next event of the stream reveals what it missed; the store fills it in order.
    await fanOut.apply([e3!]);
    expect(versionsOf(rebuilding, s.streamId)).toEqual([1, 2, 3]);
    expect(versionsOf(live, s.streamId)).toEqual([1, 2, 3]);
  });

  it('applied alone (the sweep’s way), a projection being rebuilt is waited for, not left out', async () => {
    const s = aCaseStream('FANWAIT');
    const [e1] = await appendVersions(s, 1);
    const projection = new RecordingProjection();
    const rebuild = await ds.createQueryRunner();
    await rebuild.connect();
    const key = projectionLockKey(projection.name);
    let settled = false;
    try {
      await rebuild.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [key]);
      const applying = new ProjectionRunner(ds, projection, store).apply([e1!]).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await rebuild.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [key]);
      expect(await applying).toBe(1);
      expect(versionsOf(projection, s.streamId)).toEqual([1]);
    } finally {
      await rebuild.query(`SELECT pg_advisory_unlock_all()`);
      await rebuild.release();
    }
  });

  it('a failing projection is left behind alone; only when all fail does the batch fail (to come again)', async () => {
    const good = aCaseStream('FANBUG');
    const bad = aCaseStream('FANBUG');
    const [g1] = await appendVersions(good, 1);
    const [b1] = await appendVersions(bad, 1);
    const buggy = new FailingOn(bad.streamId);
    const healthy = new RecordingProjection();
    const fanOut = new ProjectionFanOut(ds, [buggy, healthy], store);

    const result = await fanOut.apply([g1!, b1!]);
    expect(result.leftBehind.map(({ projection, reason }) => ({ projection, reason }))).toEqual([
      { projection: buggy.name, reason: 'failed' },
    ]);
    expect(String(result.leftBehind[0]!.error)).toContain('a read model bug');
    expect(versionsOf(healthy, good.streamId)).toEqual([1]);
    expect(versionsOf(healthy, bad.streamId)).toEqual([1]);
    // Nothing of the failed batch stayed in the buggy projection: rows and checkpoints rolled back together.
    expect(await checkpointOf(buggy, good.streamId)).toBe(0);
    expect(await checkpointOf(buggy, bad.streamId)).toBe(0);

    const alone = new ProjectionFanOut(ds, [new FailingOn(bad.streamId)], store);
    await expect(alone.apply([b1!])).rejects.toThrow('a read model bug');
  });
});
