import type { DataSource } from 'typeorm';
import type { ProjectionRunner, ProjectionSource } from './projection-runner';

export interface ProjectionSweepOptions {
  /** Its row in relay_checkpoints: how far the log has been swept (survives restarts and takeovers). */
  name: string;
  /** Only events recorded at least this long ago: younger ones may still be on their way through Kafka. */
  graceMs: number;
  /** Global positions looked at per sweep at most: a first sweep over a long log goes in steps. */
  window: number;
}

export interface SweepResult {
  /** The global position swept up to (inclusive). */
  upTo: string;
  /** Per projection, the streams that were behind the store and have been brought up to it. */
  repaired: { projection: string; streamId: string; applied: number }[];
}

/**
 * Finds events no projection received because Kafka lost them at the end of a stream, where no
 * later event reveals the gap (ProjectionRunner fills gaps in the middle). It walks the log behind
 * a grace period: for every stream written in the window it compares the stream's last version
 * with each projection's checkpoint, and applies what a projection lacks from the store through
 * the projection's runner (exactly once by stream version, as for Kafka's deliveries). It cannot
 * tell a lost event from a late one: consumers stalled past the grace are caught up too.
 *
 * Runs on the relay's leader only (one sweeper); its position is a row of relay_checkpoints, so a
 * restart or a takeover goes on where the last sweep ended.
 */
export class ProjectionSweep {
  constructor(
    private readonly ds: DataSource,
    private readonly store: Pick<ProjectionSource, 'readStream'>,
    private readonly runners: readonly ProjectionRunner[],
    private readonly opts: ProjectionSweepOptions,
  ) {}

  async sweepOnce(): Promise<SweepResult> {
    const [mark] = (await this.ds.query(`SELECT global_position::text AS at FROM relay_checkpoints WHERE name = $1`, [
      this.opts.name,
    ])) as { at: string }[];
    const from = mark?.at ?? '0';
    // Up to the first event still inside the grace period, at most `window` positions on.
    const [bound] = (await this.ds.query(
      `SELECT LEAST(
                $1::bigint + $2::bigint,
                COALESCE((SELECT min(global_position) - 1 FROM events
                          WHERE global_position > $1::bigint AND global_position <= $1::bigint + $2::bigint
                            AND recorded_at >= now() - make_interval(secs => $3::double precision / 1000)),
                         $1::bigint + $2::bigint),
                (SELECT COALESCE(max(global_position), 0) FROM events)
              )::text AS "upTo"`,
      [from, this.opts.window, this.opts.graceMs],
    )) as [{ upTo: string }];
    if (BigInt(bound.upTo) <= BigInt(from)) return { upTo: from, repaired: [] };

    const behind = (await this.ds.query(
      `WITH written AS (
         SELECT stream_id, max(stream_version) AS version FROM events
         WHERE global_position > $1::bigint AND global_position <= $2::bigint
         GROUP BY stream_id)
       SELECT p.projection, w.stream_id AS "streamId", COALESCE(c.stream_version, 0) AS at
       FROM written w CROSS JOIN unnest($3::text[]) AS p(projection)
       LEFT JOIN projection_checkpoints c ON c.projection = p.projection AND c.stream_id = w.stream_id
       WHERE COALESCE(c.stream_version, 0) < w.version
       ORDER BY w.stream_id`,
      [from, bound.upTo, this.runners.map((r) => r.name)],
    )) as { projection: string; streamId: string; at: number }[];

    const repaired: SweepResult['repaired'] = [];
    const byName = new Map(this.runners.map((r) => [r.name, r]));
    for (const { projection, streamId, at } of behind) {
      const events = await this.store.readStream(streamId, { afterVersion: at });
      const applied = await byName.get(projection)!.apply(events);
      if (applied > 0) repaired.push({ projection, streamId, applied });
    }
    await this.ds.query(
      `INSERT INTO relay_checkpoints (name, transaction_id, global_position) VALUES ($1, '0', $2)
       ON CONFLICT (name) DO UPDATE SET global_position = EXCLUDED.global_position, updated_at = now()`,
      [this.opts.name, bound.upTo],
    );
    return { upTo: bound.upTo, repaired };
  }
}

type Log = (level: 'info' | 'error', msg: string, extra?: Record<string, unknown>) => void;

/** Sweeps every `intervalMs` (one sweep at a time); each repair is logged and counted. */
export function scheduleProjectionSweep(
  sweep: ProjectionSweep,
  intervalMs: number,
  log: Log,
  onRepaired: (projection: string, applied: number) => void = () => undefined,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = sweep
      .sweepOnce()
      .then(
        ({ upTo, repaired }) => {
          for (const r of repaired) {
            onRepaired(r.projection, r.applied);
            // Loud: a read model was older than the grace allows, whether Kafka lost the events or
            // the projection's consumers stalled (a rebalance after a member died, a broker failover).
            log('error', 'projection behind the event store past the grace: applied from the store', { ...r, upTo });
          }
        },
        (err: unknown) =>
          log('error', 'projection sweep failed', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
