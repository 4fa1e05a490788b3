import type { StoredEvent } from '@hilfenetz/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from './projection';
import type { ProjectionSource } from './projection-runner';
import {
  GapsFound,
  lastPerStream,
  projectionLockKey,
  triage,
  upsertCheckpoints,
  withGapsFromStore,
  type Gap,
  type RepairedFromStore,
  type Triage,
} from './projection-triage';

/** What became of one delivered batch, per projection. */
export interface FanOutResult {
  /** New events applied per projection (0 for one left behind). */
  applied: Map<string, number>;
  /** Projections that did not take this batch: being rebuilt, or failing (see `apply`). */
  leftBehind: { projection: string; reason: 'rebuilding' | 'failed'; error?: unknown }[];
}

/**
 * Applies what one Kafka fetch brought to every projection in one transaction: one advisory-lock
 * query, one checkpoint read and one checkpoint write for all of them, instead of a consumer, a
 * decryption and a transaction of five round trips per projection (docs/adr/0048: fourteen of
 * those were the projector's and much of Postgres's CPU under bench:api).
 *
 * Exactly once per projection and stream version, as ProjectionRunner: each projection's
 * checkpoints are locked and moved in the same transaction as its rows. A gap (Kafka lost a
 * message) is read from the store with no transaction open and the batch applied again.
 *
 * A projection being rebuilt (its lock held exclusively) is left out of the batch rather than
 * waited for: the crisis inbox must not stop while an operator rebuilds the timeline. What it
 * missed is the store's to give: the next event of the stream reveals the gap, the sweep a lost
 * last one. A projection that fails is isolated the same way: the batch is applied to each
 * projection alone, the failing one is left behind (reported), the others go on; only when every
 * projection fails (the database is gone) does `apply` throw and the batch come again.
 */
export class ProjectionFanOut {
  constructor(
    private readonly ds: DataSource,
    private readonly projections: readonly Projection[],
    private readonly store: ProjectionSource,
    private readonly onRepair: (repair: RepairedFromStore) => void = () => undefined,
    /** Wait for a rebuild holding a projection's lock instead of leaving the projection out (the sweep's way). */
    private readonly opts: { waitForRebuild?: boolean } = {},
  ) {}

  async apply(events: StoredEvent[]): Promise<FanOutResult> {
    const applied = new Map(this.projections.map((p) => [p.name, 0]));
    if (events.length === 0) return { applied, leftBehind: [] };
    try {
      return await this.applyTo(this.projections, events);
    } catch (together) {
      // Alone is how it just failed: nothing to isolate.
      if (this.projections.length === 1) throw together;
      const leftBehind: FanOutResult['leftBehind'] = [];
      for (const p of this.projections) {
        try {
          const alone = await this.applyTo([p], events);
          applied.set(p.name, alone.applied.get(p.name) ?? 0);
          leftBehind.push(...alone.leftBehind);
        } catch (error) {
          leftBehind.push({ projection: p.name, reason: 'failed', error });
        }
      }
      if (leftBehind.filter((l) => l.reason === 'failed').length === this.projections.length) throw together;
      return { applied, leftBehind };
    }
  }

  /** One transaction over `projections`; a gap is read from the store (no transaction open) and the batch retried. */
  private async applyTo(projections: readonly Projection[], events: StoredEvent[]): Promise<FanOutResult> {
    const { result, repairs } = await withGapsFromStore(this.store, (fromStore) =>
      this.ds.transaction((m) => this.applyLocked(m, projections, events, fromStore)),
    );
    for (const r of repairs) this.onRepair(r);
    return result;
  }

  private async applyLocked(
    m: EntityManager,
    projections: readonly Projection[],
    events: StoredEvent[],
    fromStore: ReadonlyMap<string, StoredEvent[]>,
  ): Promise<{ result: FanOutResult; repairs: RepairedFromStore[] }> {
    const lock = this.opts.waitForRebuild
      ? 'pg_advisory_xact_lock_shared(hashtextextended(t.key, 0)) IS NOT NULL'
      : 'pg_try_advisory_xact_lock_shared(hashtextextended(t.key, 0))';
    const locks: { held: boolean }[] = await m.query(
      `SELECT ${lock} AS held FROM unnest($1::text[]) WITH ORDINALITY AS t(key, n) ORDER BY t.n`,
      [projections.map((p) => projectionLockKey(p.name))],
    );
    const held = projections.filter((_, i) => locks[i]?.held === true);
    const leftBehind: FanOutResult['leftBehind'] = projections
      .filter((_, i) => locks[i]?.held !== true)
      .map((p) => ({ projection: p.name, reason: 'rebuilding' as const }));
    const applied = new Map(projections.map((p) => [p.name, 0]));
    if (held.length === 0) return { result: { applied, leftBehind }, repairs: [] };

    const rows: { projection: string; stream_id: string; stream_version: number }[] = await m.query(
      `SELECT projection, stream_id, stream_version FROM projection_checkpoints
       WHERE projection = ANY($1::text[]) AND stream_id = ANY($2::text[]) FOR UPDATE`,
      [held.map((p) => p.name), [...new Set(events.map((e) => e.streamId))]],
    );
    const checkpoints = new Map<string, Map<string, number>>(held.map((p) => [p.name, new Map()]));
    for (const r of rows) checkpoints.get(r.projection)?.set(r.stream_id, r.stream_version);

    const sorted: { projection: Projection; triage: Triage }[] = held.map((projection) => ({
      projection,
      triage: triage(projection.name, events, checkpoints.get(projection.name)!, fromStore),
    }));
    const gaps = earliestPerStream(sorted.flatMap((s) => s.triage.gaps));
    if (gaps.length > 0) throw new GapsFound(gaps);

    for (const { projection, triage: t } of sorted) {
      if (t.fresh.length > 0) await projection.applyBatch(m, t.fresh);
      applied.set(projection.name, t.delivered);
    }
    await upsertCheckpoints(
      m,
      sorted.flatMap(({ projection, triage: t }) =>
        lastPerStream(t.fresh).map((event) => ({ projection: projection.name, event })),
      ),
    );
    return { result: { applied, leftBehind }, repairs: sorted.flatMap((s) => s.triage.repairs) };
  }
}

/** One read per stream covers every projection's gap in it: from the lowest version any of them lacks. */
function earliestPerStream(gaps: Gap[]): Gap[] {
  const earliest = new Map<string, number>();
  for (const g of gaps) earliest.set(g.streamId, Math.min(earliest.get(g.streamId) ?? g.afterVersion, g.afterVersion));
  return [...earliest].map(([streamId, afterVersion]) => ({ streamId, afterVersion }));
}
