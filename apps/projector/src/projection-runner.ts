import type { StoredEvent } from '@hilfenetz/contracts';
import { checkpointAfter, START_OF_LOG, type EventStore } from '@hilfenetz/event-store';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionFanOut } from './projection-fan-out';
import { projectionLockKey, upsertCheckpoints, type RepairedFromStore } from './projection-triage';

export type { RepairedFromStore } from './projection-triage';

const lockKey = (p: Projection) => projectionLockKey(p.name);

/** Where a stream stands in a projection: what its checkpoint row records. */
type Checkpoint = Pick<StoredEvent, 'streamId' | 'streamVersion' | 'globalPosition'>;

/** The swap's wait for the live table's readers, per attempt, and how often it tries. */
const SWAP_LOCK_TIMEOUT = '5s';
const SWAP_ATTEMPTS = 5;
const LOCK_NOT_AVAILABLE = '55P03';
/** Checkpoint rows per statement of the swap (one array parameter each). */
const CHECKPOINT_ROWS = 50_000;

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
   * Replays the whole event store into the read model, holding the projection's lock exclusively
   * so live updates wait instead of racing the rebuild.
   *
   * Exactly once without per-batch checkpoint upserts: under the exclusive lock nobody else
   * applies, so the versions already applied are tracked in memory. The rows are committed in
   * chunks of about `chunkEvents` events, each chunk its own transaction: a rebuild's open
   * transaction holds back every commit-ordered read of the log (the relay's too), so none may
   * last the whole replay. The next batch is read while the current one is written. A read that
   * overlaps this rebuild's open transaction may come back short (it only returns transactions
   * older than every running one): harmless mid-way, and the end of the log is only concluded from
   * an empty read made with no transaction of ours open.
   *
   * A projection with a `shadowRebuild` (the timeline) is replayed into a shadow table and swapped
   * in at the end, with all its checkpoints, in one transaction (docs/adr/0052): until then readers
   * see the old read model whole, and a failed rebuild leaves it and its checkpoints untouched.
   * Any other projection's tables are emptied first and its checkpoints written with each chunk
   * (a crash rolls back the chunk; the next rebuild starts over).
   */
  async rebuild(batchSize = 5_000, chunkEvents = 100_000): Promise<number> {
    const store = this.store;
    const shadow = this.projection.shadowRebuild;
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    const key = lockKey(this.projection);
    let ahead: Promise<StoredEvent[]> | null = null;
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [key]);
      let into: string | null = null;
      if (shadow) {
        const [made] = (await runner.query(`SELECT hilfenetz_shadow_begin($1) AS shadow`, [shadow.table])) as {
          shadow: string;
        }[];
        into = made!.shadow;
      } else {
        await runner.startTransaction();
        for (const t of this.projection.tables) await runner.query(`DELETE FROM ${t}`);
        await runner.query(`DELETE FROM projection_checkpoints WHERE projection = $1`, [this.projection.name]);
        await runner.commitTransaction();
      }

      const applied = new Map<string, Checkpoint>();
      let pending = new Map<string, Checkpoint>();
      let total = 0;
      let inChunk = 0;
      const flush = async () => {
        if (!shadow) await this.writeCheckpoints(runner.manager, pending.values());
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
          if (e.streamVersion > (applied.get(e.streamId)?.streamVersion ?? 0)) {
            fresh.push(e);
            const at: Checkpoint = {
              streamId: e.streamId,
              streamVersion: e.streamVersion,
              globalPosition: e.globalPosition,
            };
            applied.set(e.streamId, at);
            if (!shadow) pending.set(e.streamId, at); // a shadow's checkpoints go with the swap
          }
        }
        if (fresh.length === 0) continue;
        if (!runner.isTransactionActive) await runner.startTransaction();
        if (shadow && into) await shadow.write(runner.manager, fresh, into);
        else await this.projection.applyBatch(runner.manager, fresh);
        total += fresh.length;
        inChunk += fresh.length;
        if (inChunk >= chunkEvents) await flush();
      }
      if (shadow) await this.swapIn(runner, shadow.table, applied.values());
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

  /**
   * Indexes the filled shadow (its own transaction: readers still read the live table), then swaps
   * it in and replaces the projection's checkpoints in one transaction. The swap waits for the
   * live table's readers to finish, at most SWAP_LOCK_TIMEOUT each time: a reader holding it longer
   * (a long report) costs a retry, not a queue of every later reader behind the waiting swap.
   */
  private async swapIn(runner: QueryRunner, table: string, checkpoints: Iterable<Checkpoint>): Promise<void> {
    await runner.query(`SELECT hilfenetz_shadow_index($1)`, [table]);
    const all = [...checkpoints];
    for (let attempt = 1; ; attempt++) {
      await runner.startTransaction();
      try {
        await runner.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
        await runner.query(`DELETE FROM projection_checkpoints WHERE projection = $1`, [this.projection.name]);
        for (let i = 0; i < all.length; i += CHECKPOINT_ROWS) {
          await this.writeCheckpoints(runner.manager, all.slice(i, i + CHECKPOINT_ROWS));
        }
        await runner.query(`SELECT hilfenetz_shadow_swap($1)`, [table]);
        await runner.commitTransaction();
        return;
      } catch (err) {
        await runner.rollbackTransaction();
        if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE || attempt >= SWAP_ATTEMPTS) throw err;
      }
    }
  }

  /** Upserts the last applied event of each stream as the projection's checkpoint, in one statement. */
  private writeCheckpoints(m: EntityManager, lastPerStream: Iterable<Checkpoint>): Promise<void> {
    const name = this.projection.name;
    return upsertCheckpoints(
      m,
      [...lastPerStream].map((event) => ({ projection: name, event })),
    );
  }
}
