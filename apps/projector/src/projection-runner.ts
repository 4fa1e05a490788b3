import type { StoredEvent } from '@hilfenetz/contracts';
import { checkpointAfter, START_OF_LOG, type EventStore } from '@hilfenetz/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionFanOut } from './projection-fan-out';
import { projectionLockKey, upsertCheckpoints, type RepairedFromStore } from './projection-triage';

export type { RepairedFromStore } from './projection-triage';

const lockKey = (p: Projection) => projectionLockKey(p.name);

/** What a runner reads: missing events of a stream, the whole log on rebuild (the log's truth; Kafka only carries it). */
export type ProjectionSource = Pick<EventStore, 'readStream' | 'readAll'>;

/**
 * Applies events to a projection exactly once per stream version, with its checkpoint in the same
 * transaction. Redeliveries (Kafka at least once, a relay re-send) are filtered out here, so the
 * projections themselves stay simple.
 *
 * A stream's versions are consecutive, so an event more than one past the checkpoint means Kafka
 * lost the ones between (an acknowledged message that never reached the log: kafkajs 2.2.4 under a
 * leader move, tulios/kafkajs#1303, seen once in the cluster's broker-kill test). They are read
 * from the store and applied before it, in the same transaction: the read model never silently
 * skips an event. (A lost *last* event of a stream has no successor to reveal it:
 * ProjectionSweep finds those.)
 */
export class ProjectionRunner {
  private readonly live: ProjectionFanOut;

  constructor(
    private readonly ds: DataSource,
    private readonly projection: Projection,
    private readonly store: ProjectionSource,
    onRepair: (repair: RepairedFromStore) => void = () => undefined,
  ) {
    this.live = new ProjectionFanOut(ds, [projection], store, onRepair, { waitForRebuild: true });
  }

  get name(): string {
    return this.projection.name;
  }

  /**
   * Applies what is new in `events` (and any gap before it, from the store); returns how many of
   * `events` were new. The projector's fan-out with this one projection, except that it waits for a
   * rebuild holding the projection's lock instead of leaving the projection out (the sweep relies
   * on that: it moves its mark past what it handed over).
   */
  async apply(events: StoredEvent[]): Promise<number> {
    const { applied } = await this.live.apply(events);
    return applied.get(this.projection.name) ?? 0;
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
   * no transaction of ours open. A projection with a faster write for rows known to be new
   * (`rebuildBatch`: the timeline COPYs) writes with it here.
   */
  async rebuild(batchSize = 5_000, chunkEvents = 100_000): Promise<number> {
    const store = this.store;
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
        await (this.projection.rebuildBatch ?? this.projection.applyBatch).call(this.projection, runner.manager, fresh);
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
  private writeCheckpoints(m: EntityManager, lastPerStream: Iterable<StoredEvent>): Promise<void> {
    const name = this.projection.name;
    return upsertCheckpoints(
      m,
      [...lastPerStream].map((event) => ({ projection: name, event })),
    );
  }
}
