import { ApplicationError } from '@hilfenetz/contracts';
import { pgPool } from '@hilfenetz/persistence';
import type { DataSource } from 'typeorm';

/** Reads of case data per user and window (CASE_READ_RATE_LIMIT / _WINDOW_SECONDS, libs/config). */
export interface ReadRateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * Counts a read of case data against the user's budget, in the same Postgres table and fixed-window
 * scheme as the write limit (write_rate_limits), so it holds across API instances; 429 with
 * Retry-After past it. Per user, not per address: a stolen token must not read faster from many.
 * Counted before the case is even looked up, so probing for references is limited as well.
 */
export async function countRead(ds: DataSource, userId: string, policy: ReadRateLimit): Promise<void> {
  const ttlMs = policy.windowSeconds * 1000;
  const { rows } = await pgPool(ds).query<{ hits: number; ms_left: number }>({
    name: 'hilfenetz_case_read_rate_limit',
    text: `INSERT INTO write_rate_limits AS w (key, window_ends_at, hits)
           VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond', 1)
           ON CONFLICT (key) DO UPDATE SET
             hits = CASE WHEN w.window_ends_at <= clock_timestamp() THEN 1 ELSE w.hits + 1 END,
             window_ends_at = CASE WHEN w.window_ends_at <= clock_timestamp()
                                   THEN EXCLUDED.window_ends_at ELSE w.window_ends_at END
           RETURNING hits, GREATEST(0, EXTRACT(EPOCH FROM (window_ends_at - clock_timestamp())) * 1000)::float8 AS ms_left`,
    // The policy is part of the key, as for writes: instances configured alike share a counter.
    values: [`case-read:${policy.limit}/${ttlMs}:user:${userId}`, ttlMs],
  });
  const row = rows[0]!;
  if (row.hits <= policy.limit) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(row.ms_left / 1000));
  throw new ApplicationError(
    'access.rate_limited',
    `At most ${policy.limit} reads of case data per ${policy.windowSeconds} s per user. Try again in ${retryAfterSeconds} s.`,
    [],
    { retryAfterSeconds },
  );
}
