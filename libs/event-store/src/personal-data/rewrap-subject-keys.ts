import type { MasterKeyring } from '@hilfenetz/config';
import type { DataSource } from 'typeorm';
import { keyringOf, type MasterKey } from './master-key';
import { unwrapSubjectKey, wrapSubjectKey } from './personal-data-vault';

export interface RewrapOptions {
  /** Subject keys per batch: one read, one UPDATE (one transaction) each. */
  batchSize?: number;
  /** After each batch: how far it got. */
  onBatch?: (progress: RewrapProgress) => void;
  /** Checked between batches: a caller's way to stop early (the tests' stand-in for a kill). */
  shouldStop?: () => boolean;
}

export interface RewrapProgress {
  /** Keys now wrapped under the current master key by this run. */
  rewrapped: number;
  /** Keys that changed under the run (erased, or re-wrapped by another) and were left as they are. */
  skipped: number;
  batches: number;
  /** The last subject id handled: the run goes through the table in subject-id order. */
  lastSubjectId: string | null;
}

/** One run at a time across all processes (two would only race each other's batches). */
const REWRAP_LOCK = `hilfenetz:keys-rewrap`;

/**
 * Re-wraps every subject key not yet under the current master key with the current one
 * (`npm run keys:rewrap`, docs/adr/0023), online and resumable:
 *
 * - The state is the table itself: a row whose `master_key_id` is the current id is done. A run
 *   that is killed leaves each batch either wholly done or untouched (one UPDATE per batch), and
 *   the next run picks up whatever still names another key. No progress file to lose.
 * - Each row is replaced only if its wrapped key is still the bytes the batch read (compare and
 *   set): an erasure (key set to NULL) or another writer in between wins, and the row is skipped,
 *   never resurrected or wrapped twice. The data key inside never changes, so everything sealed
 *   under it stays readable, and readers see the old wrapping or the new, each naming its key.
 * - Runs as the schema owner: the apps' role has no UPDATE on `data_subject_keys` (ADR 0016), and
 *   no function gives it one, since a key an app could overwrite is a key it could destroy
 *   without the log saying so.
 */
export async function rewrapSubjectKeys(
  ds: DataSource,
  master: MasterKey | MasterKeyring,
  opts: RewrapOptions = {},
): Promise<RewrapProgress> {
  const keys = keyringOf(master);
  const batchSize = opts.batchSize ?? 2_000;
  const progress: RewrapProgress = { rewrapped: 0, skipped: 0, batches: 0, lastSubjectId: null };
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [
      REWRAP_LOCK,
    ])) as [{ locked: boolean }];
    if (!locked) throw new Error('another keys:rewrap is running');
    try {
      for (;;) {
        if (opts.shouldStop?.()) break;
        const rows: { subject_id: string; master_key_id: string; wrapped_key: Buffer }[] = await runner.query(
          `SELECT subject_id, master_key_id, wrapped_key FROM data_subject_keys
           WHERE subject_id > $1 AND master_key_id <> $2 AND wrapped_key IS NOT NULL
           ORDER BY subject_id LIMIT $3`,
          [progress.lastSubjectId ?? '', keys.current.id, batchSize],
        );
        if (rows.length === 0) break;
        const fresh = rows.map((r) =>
          wrapSubjectKey(keys, r.subject_id, unwrapSubjectKey(keys, r.subject_id, r.master_key_id, r.wrapped_key)),
        );
        const [, changed] = (await runner.query(
          `UPDATE data_subject_keys k SET master_key_id = $1, wrapped_key = t.fresh
           FROM unnest($2::text[], $3::bytea[], $4::bytea[]) AS t(subject_id, read, fresh)
           WHERE k.subject_id = t.subject_id AND k.wrapped_key = t.read`,
          [keys.current.id, rows.map((r) => r.subject_id), rows.map((r) => r.wrapped_key), fresh],
        )) as [unknown, number];
        progress.rewrapped += changed;
        progress.skipped += rows.length - changed;
        progress.batches += 1;
        progress.lastSubjectId = rows[rows.length - 1]!.subject_id;
        opts.onBatch?.({ ...progress });
      }
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [REWRAP_LOCK]);
    }
  } finally {
    await runner.release();
  }
  return progress;
}

/** How many live subject keys still name another master key than the current one, by key id. */
export async function subjectKeysByMasterKey(ds: DataSource): Promise<Map<string, number>> {
  const rows: { master_key_id: string; n: number }[] = await ds.query(
    `SELECT master_key_id, count(*)::int AS n FROM data_subject_keys WHERE wrapped_key IS NOT NULL GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.master_key_id, r.n]));
}
