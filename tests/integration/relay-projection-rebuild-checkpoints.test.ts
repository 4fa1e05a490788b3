import { PostgresEventStore } from '@hilfenetz/event-store';
import { ProjectionRunner } from '@hilfenetz/projector';
import { aCaseStream, aCrisisTriggered, openDataSource, testEnv } from '@hilfenetz/testing';
import type { DataSource } from 'typeorm';
import { RecordingProjection } from './support/recording.projection';

/**
 * The rebuild writes per-stream checkpoints once per chunk instead of every batch, and reads the
 * next batch while writing: it must still apply each stream version once, in order, and leave
 * checkpoints from which live delivery (relay → Kafka → apply) continues exactly once.
 */
describe('rebuild with chunked checkpoints, then live apply', () => {
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 4);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  it('applies every stream version once and in order; live redeliveries are skipped, new events applied', async () => {
    const a = aCaseStream('CHUNK');
    const b = aCaseStream('CHUNK');
    for (let v = 1; v <= 5; v++) {
      await store.append(a.streamId, [aCrisisTriggered(a.caseId)], v - 1);
      if (v <= 3) await store.append(b.streamId, [aCrisisTriggered(b.caseId)], v - 1);
    }
    const projection = new RecordingProjection();
    const runner = new ProjectionRunner(ds, projection, store);
    // Tiny batches and chunks: many read-aheads and several checkpoint writes.
    const total = await runner.rebuild(7, 10);
    expect(total).toBe(projection.applied.length);
    expect(new Set(projection.applied.map((e) => e.eventId)).size).toBe(projection.applied.length);
    for (const [s, n] of [
      [a, 5],
      [b, 3],
    ] as const) {
      expect(projection.applied.filter((e) => e.streamId === s.streamId).map((e) => e.streamVersion)).toEqual(
        Array.from({ length: n }, (_, i) => i + 1),
      );
    }
    const checkpoints: { stream_id: string; stream_version: number }[] = await ds.query(
      `SELECT stream_id, stream_version FROM projection_checkpoints WHERE projection = $1 AND stream_id = ANY($2)`,
      [projection.name, [a.streamId, b.streamId]],
    );
    expect(Object.fromEntries(checkpoints.map((c) => [c.stream_id, c.stream_version]))).toEqual({
      [a.streamId]: 5,
      [b.streamId]: 3,
    });
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM projection_checkpoints WHERE projection = $1`, [
      projection.name,
    ])) as [{ n: number }];
    expect(n).toBe(new Set(projection.applied.map((e) => e.streamId)).size);

    // Live: a redelivered event is skipped, the next version is applied once.
    const before = projection.applied.length;
    const stored = await store.readStream(a.streamId);
    expect(await runner.apply([stored[2]!])).toBe(0);
    await store.append(a.streamId, [aCrisisTriggered(a.caseId)], 5);
    const sixth = (await store.readStream(a.streamId))[5]!;
    expect(await runner.apply([sixth, sixth])).toBe(1);
    expect(projection.applied.slice(before).map((e) => e.eventId)).toEqual([sixth.eventId]);
  });
});
