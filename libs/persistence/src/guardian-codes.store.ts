import { createHmac, hkdfSync } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** How long a guardian's code works: a parent may read the SMS the next morning. */
export const GUARDIAN_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/** Wrong codes one client may enter before the page locks for it. */
export const GUARDIAN_CODE_MAX_FAILURES = 5;
export const GUARDIAN_CODE_LOCK_MS = 15 * 60 * 1000;

export interface GuardianCodeTarget {
  attemptId: string;
  caseId: string;
  crisisId: string;
  taskId: string;
  guardianId: string;
}

export type RedeemResult =
  | { outcome: 'confirmed'; target: GuardianCodeTarget; firstUse: boolean }
  | { outcome: 'refused'; failuresLeft: number }
  | { outcome: 'locked'; lockedUntil: Date };

/**
 * One-time codes for guardians (issue 11 §3). The code of an attempt is derived from the attempt
 * id with a secret key, so a retried send texts the same code; only a keyed hash is stored. The
 * worker issues, the API redeems.
 */
export class GuardianCodeStore {
  constructor(
    private readonly ds: DataSource,
    private readonly key: Buffer,
  ) {}

  /** The store with its key derived from the personal-data master key (one secret to manage). */
  static fromMasterKey(ds: DataSource, masterKeyBase64: string): GuardianCodeStore {
    const master = Buffer.from(masterKeyBase64, 'base64');
    return new GuardianCodeStore(
      ds,
      Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'hilfenetz/guardian-codes', 32)),
    );
  }

  codeFor(attemptId: string): string {
    const n = createHmac('sha256', this.key).update(`code:${attemptId}`).digest().readUInt32BE(0) % 1_000_000;
    return String(n).padStart(6, '0');
  }

  private hashOf(code: string): string {
    return createHmac('sha256', this.key).update(`hash:${code}`).digest('hex');
  }

  /** Stores the attempt's code (once) and returns it for the message. */
  async issue(target: GuardianCodeTarget, now: Date): Promise<string> {
    const code = this.codeFor(target.attemptId);
    await this.ds.query(
      `INSERT INTO guardian_codes (attempt_id, code_hash, case_id, crisis_id, task_id, guardian_id, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (attempt_id) DO NOTHING`,
      [
        target.attemptId,
        this.hashOf(code),
        target.caseId,
        target.crisisId,
        target.taskId,
        target.guardianId,
        now,
        new Date(now.getTime() + GUARDIAN_CODE_TTL_MS),
      ],
    );
    return code;
  }

  /**
   * Checks a code a client entered. Wrong and expired codes are the same answer (nobody learns a
   * code once existed); the fifth wrong one locks the client out for a while.
   */
  async redeem(code: string, clientKey: string, now: Date): Promise<RedeemResult> {
    const [lock] = (await this.ds.query(
      `SELECT locked_until FROM guardian_code_failures WHERE client_key = $1 AND locked_until > $2`,
      [clientKey, now],
    )) as { locked_until: Date }[];
    if (lock) return { outcome: 'locked', lockedUntil: lock.locked_until };

    const rows = (await this.ds.query(
      `UPDATE guardian_codes SET used_at = COALESCE(used_at, $3)
       WHERE code_hash = $1 AND expires_at > $2
       RETURNING attempt_id, case_id, crisis_id, task_id, guardian_id, used_at = $3::timestamptz AS first_use`,
      [this.hashOf(code), now, now],
    )) as [
      {
        attempt_id: string;
        case_id: string;
        crisis_id: string;
        task_id: string;
        guardian_id: string;
        first_use: boolean;
      }[],
      number,
    ];
    const hit = rows[0][0];
    if (hit) {
      await this.ds.query(`DELETE FROM guardian_code_failures WHERE client_key = $1`, [clientKey]);
      return {
        outcome: 'confirmed',
        firstUse: hit.first_use,
        target: {
          attemptId: hit.attempt_id,
          caseId: hit.case_id,
          crisisId: hit.crisis_id,
          taskId: hit.task_id,
          guardianId: hit.guardian_id,
        },
      };
    }
    const [failure] = (await this.ds.query(
      `INSERT INTO guardian_code_failures (client_key, failures, first_failed_at)
       VALUES ($1, 1, $2)
       ON CONFLICT (client_key) DO UPDATE SET
         failures = CASE WHEN guardian_code_failures.first_failed_at < $2::timestamptz - interval '1 hour' THEN 1
                         ELSE guardian_code_failures.failures + 1 END,
         first_failed_at = CASE WHEN guardian_code_failures.first_failed_at < $2::timestamptz - interval '1 hour' THEN $2
                         ELSE guardian_code_failures.first_failed_at END
       RETURNING failures`,
      [clientKey, now],
    )) as { failures: number }[];
    const failures = failure?.failures ?? 1;
    if (failures >= GUARDIAN_CODE_MAX_FAILURES) {
      const lockedUntil = new Date(now.getTime() + GUARDIAN_CODE_LOCK_MS);
      await this.ds.query(
        `UPDATE guardian_code_failures SET locked_until = $2, failures = 0, first_failed_at = $3 WHERE client_key = $1`,
        [clientKey, lockedUntil, now],
      );
      return { outcome: 'locked', lockedUntil };
    }
    return { outcome: 'refused', failuresLeft: GUARDIAN_CODE_MAX_FAILURES - failures };
  }
}
