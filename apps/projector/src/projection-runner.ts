import type { StoredEvent } from '@hilfenetz/contracts';
import { START_OF_LOG, type PostgresEventStore } from '@hilfenetz/event-store';
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
   */
  async rebuild(store: PostgresEventStore, batchSize = 5_000): Promise<number> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    const key = lockKey(this.projection);
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [key]);
      await runner.startTransaction();
      for (const t of this.projection.tables) await runner.query(`DELETE FROM ${t}`);
      await runner.query(`DELETE FROM projection_checkpoints WHERE projection = $1`, [this.projection.name]);
      await runner.commitTransaction();
      let applied = 0;
      let from = START_OF_LOG;
      for (;;) {
        const events = await store.readAll(from, batchSize);
        if (events.length === 0) break;
        await runner.startTransaction();
        applied += await this.applyLocked(runner.manager, events);
        await runner.commitTransaction();
        const last = events[events.length - 1]!;
        from = { transactionId: last.transactionId, globalPosition: last.globalPosition };
      }
      return applied;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [key]).catch(() => undefined);
      await runner.release();
    }
  }
}
