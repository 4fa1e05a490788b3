import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { pgPool } from '@hilfenetz/persistence';
import type { DataSource } from 'typeorm';

/**
 * The write counters in Postgres (table write_rate_limits), so that every API instance counts
 * against the same limit. A fixed window per user: the first write opens it for `ttl`, later ones
 * count up; past `limit` the user is blocked until the window ends. One upsert per write, atomic
 * under concurrent requests of the same user on different instances.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly ds: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const pool = pgPool(this.ds);
    const { rows } = await pool.query<{ hits: number; ms_left: number }>({
      name: 'hilfenetz_write_rate_limit',
      text: `INSERT INTO write_rate_limits AS w (key, window_ends_at, hits)
             VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond', 1)
             ON CONFLICT (key) DO UPDATE SET
               hits = CASE WHEN w.window_ends_at <= clock_timestamp() THEN 1 ELSE w.hits + 1 END,
               window_ends_at = CASE WHEN w.window_ends_at <= clock_timestamp()
                                     THEN EXCLUDED.window_ends_at ELSE w.window_ends_at END
             RETURNING hits, GREATEST(0, EXTRACT(EPOCH FROM (window_ends_at - clock_timestamp())) * 1000)::float8 AS ms_left`,
      // The policy is part of the key: instances of one deployment share a configuration and so
      // the counter; an instance configured differently (another limit or window) counts apart.
      values: [`${throttlerName}:${limit}/${ttl}:${key}`, ttl],
    });
    const row = rows[0]!;
    const secondsLeft = Math.ceil(row.ms_left / 1000);
    const isBlocked = row.hits > limit;
    return {
      totalHits: row.hits,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    };
  }
}
