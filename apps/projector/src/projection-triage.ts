import type { StoredEvent } from '@hilfenetz/contracts';
import type { EventStore } from '@hilfenetz/event-store';
import type { EntityManager } from 'typeorm';

/** One advisory-lock key per projection: live updates share it, a rebuild takes it exclusively. */
export const projectionLockKey = (projection: string): string => `projection:${projection}`;

/** Events of a stream a projection applied from the store because they had not come through Kafka. */
export interface RepairedFromStore {
  projection: string;
  streamId: string;
  /** The first and last stream version read from the store and applied. */
  fromVersion: number;
  toVersion: number;
  /** Versions still missing after the read (the store lacks them too): applied over, as before. */
  unresolved: number;
}

export interface Gap {
  streamId: string;
  afterVersion: number;
}

/** Raised inside the transaction when a batch skips stream versions; the caller reads them and retries. */
export class GapsFound extends Error {
  constructor(readonly gaps: Gap[]) {
    super(`stream versions missing in ${gaps.length} stream(s)`);
  }
}

/** What one projection does with a delivered batch, given the stream versions it has applied. */
export interface Triage {
  /** To apply, in order: new events, each preceded by what the store had of its gap. */
  fresh: StoredEvent[];
  /** How many of the delivered events were new. */
  delivered: number;
  /** Streams whose missing versions are not read yet (then nothing is applied: read, retry). */
  gaps: Gap[];
  repairs: RepairedFromStore[];
}

/**
 * Sorts a delivered batch for one projection: redeliveries (at or below its checkpoint) out, new
 * versions in, and a version more than one past the checkpoint is a gap: Kafka lost the ones
 * between, and they come from `fromStore` (read by the caller) or are reported as a gap to read.
 * Pure: `done` is the projection's checkpoint per stream as locked in the caller's transaction.
 */
export function triage(
  projection: string,
  events: readonly StoredEvent[],
  checkpoints: ReadonlyMap<string, number>,
  fromStore: ReadonlyMap<string, StoredEvent[]>,
): Triage {
  const done = new Map(checkpoints);
  const fresh: StoredEvent[] = [];
  const repairs: RepairedFromStore[] = [];
  const gaps: Gap[] = [];
  let delivered = 0;
  for (const e of events) {
    const at = done.get(e.streamId) ?? 0;
    if (e.streamVersion <= at) continue;
    if (e.streamVersion > at + 1) {
      const stored = fromStore.get(e.streamId);
      if (!stored) {
        gaps.push({ streamId: e.streamId, afterVersion: at });
        done.set(e.streamId, e.streamVersion); // one read per stream covers its later gaps too
        continue;
      }
      const missing = stored.filter((s) => s.streamVersion > at && s.streamVersion < e.streamVersion);
      fresh.push(...missing);
      repairs.push({
        projection,
        streamId: e.streamId,
        fromVersion: missing[0]?.streamVersion ?? at + 1,
        toVersion: missing[missing.length - 1]?.streamVersion ?? at,
        unresolved: e.streamVersion - at - 1 - missing.length,
      });
    }
    fresh.push(e);
    delivered += 1;
    done.set(e.streamId, e.streamVersion);
  }
  return { fresh, delivered, gaps, repairs };
}

/** The last event of each stream in `events`: what a projection's checkpoint moves to. */
export function lastPerStream(events: Iterable<StoredEvent>): StoredEvent[] {
  const last = new Map<string, StoredEvent>();
  for (const e of events) last.set(e.streamId, e);
  return [...last.values()];
}

/** Upserts checkpoints (the last applied event per projection and stream) in one statement. */
export async function upsertCheckpoints(
  m: EntityManager,
  checkpoints: Iterable<{
    projection: string;
    event: Pick<StoredEvent, 'streamId' | 'streamVersion' | 'globalPosition'>;
  }>,
): Promise<void> {
  const projections: string[] = [];
  const streams: string[] = [];
  const versions: number[] = [];
  const positions: string[] = [];
  for (const { projection, event } of checkpoints) {
    projections.push(projection);
    streams.push(event.streamId);
    versions.push(event.streamVersion);
    positions.push(event.globalPosition);
  }
  if (streams.length === 0) return;
  await m.query(
    `INSERT INTO projection_checkpoints (projection, stream_id, stream_version, global_position)
     SELECT t.projection, t.stream_id, t.stream_version, t.global_position
     FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[])
       AS t(projection, stream_id, stream_version, global_position)
     ON CONFLICT (projection, stream_id) DO UPDATE
       SET stream_version = EXCLUDED.stream_version, global_position = EXCLUDED.global_position, updated_at = now()`,
    [projections, streams, versions, positions],
  );
}

/**
 * Runs `attempt` (a transaction) until it finds no gap: a GapsFound rolls it back, the missing
 * versions are read from the store with no transaction of ours open (many projections meet the
 * same gap at once, and each holding a pooled connection while waiting for another could take
 * the whole pool), and it runs again with them. A gap is rare; the usual path costs nothing extra.
 */
export async function withGapsFromStore<T>(
  store: Pick<EventStore, 'readStream'>,
  attempt: (fromStore: ReadonlyMap<string, StoredEvent[]>) => Promise<T>,
): Promise<T> {
  const fromStore = new Map<string, StoredEvent[]>();
  for (;;) {
    try {
      return await attempt(fromStore);
    } catch (err) {
      if (!(err instanceof GapsFound)) throw err;
      for (const { streamId, afterVersion } of err.gaps) {
        fromStore.set(streamId, await store.readStream(streamId, { afterVersion }));
      }
    }
  }
}
