import type { StoredEvent } from '@hilfenetz/contracts';
import { checkpointAfter, START_OF_LOG, type EventStore } from '@hilfenetz/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from './projection';

/** One advisory-lock key per projection: live updates share it, a rebuild takes it exclusively. */
const lockKey = (p: Projection) => `projection:${p.name}`;

/**
 * Applies events to a projection exactly once per stream version, with its checkpoint in the same
 * transaction. Redeliveries (Kafka at least once, a relay re-send) are filtered out here, so the
 * projections themselves stay simple.
 */
export class ProjectionRunner {
  constructor(
    private readonly ds: DataSource,
    private readonly projection: Projection,
  ) {}

  async apply(events: StoredEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))`, [lockKey(this.projection)]);
      return this.applyLocked(m, events);
    });
  }

  private async applyLocked(m: EntityManager, events: StoredEvent[]): Promise<number> {
    const streams = [...new Set(events.map((e) => e.streamId))];
    const rows: { stream_id: string; stream_version: number }[] = await m.query(
      `SELECT stream_id, stream_version FROM projection_checkpoints
       WHERE projection = $1 AND stream_id = ANY($2::text[]) FOR UPDATE`,
      [this.projection.name, streams],
    );
    const done = new Map(rows.map((r) => [r.stream_id, r.stream_version]));
    const fresh: StoredEvent[] = [];
    for (const e of events) {
      if (e.streamVersion > (done.get(e.streamId) ?? 0)) {
        fresh.push(e);
        done.set(e.streamId, e.streamVersion);
      }
    }
    if (fresh.length === 0) return 0;
    await this.projection.applyBatch(m, fresh);
    const last = new Map<string, StoredEvent>();
    for (const e of fresh) last.set(e.streamId, e);
    const values: unknown[] = [this.projection.name];
    const tuples = [...last.values()].map((e) => {
      values.push(e.streamId, e.streamVersion, e.globalPosition);
      const n = values.length;
      return `($1, $${n - 2}, $${n - 1}, $${n})`;
    });
    await m.query(
      `INSERT INTO projection_checkpoints (projection, stream_id, stream_version, global_position)
       VALUES ${tuples.join(',')}
       ON CONFLICT (projection, stream_id) DO UPDATE
         SET stream_version = EXCLUDED.stream_version, global_position = EXCLUDED.global_position, updated_at = now()`,
      values,
    );
    return fresh.length;
  }

  /**
   * Empties the read model and replays the whole event store into it, holding the projection's
   * lock exclusively so live updates wait instead of racing the rebuild.
   *
   * Exactly once without per-batch checkpoint upserts: under the exclusive lock nobody else
   * applies, so the versions already applied are tracked in memory, and the per-stream
   * checkpoints are written once per chunk of about `chunkEvents` events, in the same transaction
   * as that chunk's read-model rows (a crash rolls back both; the next rebuild starts over). The
   * next batch is read while the current one is written. A read that overlaps this rebuild's
   * open transaction may come back short (it only returns transactions older than every running
   * one): harmless mid-way, and the end of the log is only concluded from an empty read made with
   * no transaction of ours open.
   */
  async rebuild(store: EventStore, batchSize = 5_000, chunkEvents = 100_000): Promise<number> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    const key = lockKey(this.projection);
    let ahead: Promise<StoredEvent[]> | null = null;
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [key]);
      await runner.startTransaction();
      for (const t of this.projection.tables) await runner.query(`DELETE FROM ${t}`);
      await runner.query(`DELETE FROM projection_checkpoints WHERE projection = $1`, [this.projection.name]);
      await runner.commitTransaction();

      const applied = new Map<string, number>();
      let pending = new Map<string, StoredEvent>();
      let total = 0;
      let inChunk = 0;
      const flush = async () => {
        await this.writeCheckpoints(runner.manager, pending.values());
        await runner.commitTransaction();
        pending = new Map();
        inChunk = 0;
      };
      let from = START_OF_LOG;
      for (;;) {
        const events = await (ahead ?? store.readAll(from, batchSize));
        ahead = null;
        if (events.length === 0) {
          if (!runner.isTransactionActive) break;
          await flush(); // then read once more with nothing of ours open
          continue;
        }
        from = checkpointAfter(events[events.length - 1]!);
        ahead = store.readAll(from, batchSize);
        ahead.catch(() => undefined); // awaited (and its error raised) on the next turn
        const fresh: StoredEvent[] = [];
        for (const e of events) {
          if (e.streamVersion > (applied.get(e.streamId) ?? 0)) {
            fresh.push(e);
            applied.set(e.streamId, e.streamVersion);
            pending.set(e.streamId, e);
          }
        }
        if (fresh.length === 0) continue;
        if (!runner.isTransactionActive) await runner.startTransaction();
        await this.projection.applyBatch(runner.manager, fresh);
        total += fresh.length;
        inChunk += fresh.length;
        if (inChunk >= chunkEvents) await flush();
      }
      return total;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await ahead?.catch(() => undefined);
      await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [key]).catch(() => undefined);
      await runner.release();
    }
  }

  /** Upserts the last applied event of each stream as the projection's checkpoint, in one statement. */
  private async writeCheckpoints(m: EntityManager, lastPerStream: Iterable<StoredEvent>): Promise<void> {
    const streams: string[] = [];
    const versions: number[] = [];
    const positions: string[] = [];
    for (const e of lastPerStream) {
      streams.push(e.streamId);
      versions.push(e.streamVersion);
      positions.push(e.globalPosition);
    }
    if (streams.length === 0) return;
    await m.query(
      `INSERT INTO projection_checkpoints (projection, stream_id, stream_version, global_position)
       SELECT $1, t.stream_id, t.stream_version, t.global_position
       FROM unnest($2::text[], $3::integer[], $4::bigint[]) AS t(stream_id, stream_version, global_position)
       ON CONFLICT (projection, stream_id) DO UPDATE
         SET stream_version = EXCLUDED.stream_version, global_position = EXCLUDED.global_position, updated_at = now()`,
      [this.projection.name, streams, versions, positions],
    );
  }
}
