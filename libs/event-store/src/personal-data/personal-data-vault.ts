import type { SealedValue } from '@hilfenetz/contracts';
import { randomBytes } from 'node:crypto';
import { pgPool } from '@hilfenetz/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { gcmOpen, gcmSeal } from './aes-gcm';
import type { MasterKeyring } from '@hilfenetz/config';
import { keyringOf, type MasterKey, type WrappingKeys } from './master-key';
import { DataSubjectErased, LegalHoldActive, UnknownDataSubject } from './personal-data.errors';

export type OpenedValue<T> = { status: 'available'; value: T } | { status: 'erased'; erasedAt: string };

export interface VaultOptions {
  /** Subjects whose data key `seal` keeps in memory (least recently used go first); 0 turns it off. */
  sealKeyCacheSize?: number;
  /** How long `seal` may use a data key it read, in ms. */
  sealKeyTtlMs?: number;
}

interface CachedSealKey {
  key: Buffer;
  until: number;
}

/**
 * Encrypts personal fields under a per-subject data key (itself wrapped by the master key) and
 * destroys that key on erasure. `open` reads the key on every call, so after an erasure no process
 * can decrypt. `seal` keeps recently used keys for a few seconds (ADR 0008): encrypting under a key
 * that has just been destroyed yields ciphertext that nobody can ever read, which is the erasure's
 * outcome anyway.
 */
export class PersonalDataVault {
  /** Insertion order is recency: a hit moves its entry to the end. */
  private readonly sealKeys = new Map<string, CachedSealKey>();
  /** Concurrent seals for one subject on a cold cache share one read. */
  private readonly sealKeyReads = new Map<string, Promise<Buffer>>();
  private readonly sealKeyCacheSize: number;
  private readonly sealKeyTtlMs: number;
  private readonly keys: WrappingKeys;

  /**
   * `master`: one master key, or the app's keyring — the current key wraps new subject keys, each
   * stored key is unwrapped by the key its `master_key_id` names (docs/adr/0023).
   */
  constructor(
    private readonly ds: DataSource,
    master: MasterKey | MasterKeyring,
    options: VaultOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.keys = keyringOf(master);
    this.sealKeyCacheSize = options.sealKeyCacheSize ?? 10_000;
    this.sealKeyTtlMs = options.sealKeyTtlMs ?? 30_000;
  }

  /**
   * Creates the subject's data key if it has none; never replaces one. Through
   * `hilfenetz_register_subject`: the apps' role has no direct write on the keys (docs/adr/0016).
   */
  async registerSubject(subjectId: string, caseId: string, m: EntityManager = this.ds.manager): Promise<void> {
    const wrapped = wrapSubjectKey(this.keys, subjectId, randomBytes(32));
    await m.query(`SELECT hilfenetz_register_subject($1, $2, $3, $4)`, [
      subjectId,
      caseId,
      this.keys.current.id,
      wrapped,
    ]);
  }

  async seal(subjectId: string, value: unknown): Promise<SealedValue> {
    const key = this.cachedSealKey(subjectId) ?? (await this.readSealKey(subjectId));
    const box = gcmSeal(key, Buffer.from(JSON.stringify(value), 'utf8'), subjectId);
    return {
      $sealed: 'A256GCM',
      subjectId,
      iv: box.iv.toString('base64'),
      tag: box.tag.toString('base64'),
      ct: box.ct.toString('base64'),
    };
  }

  private cachedSealKey(subjectId: string): Buffer | null {
    const hit = this.sealKeys.get(subjectId);
    if (!hit) return null;
    this.sealKeys.delete(subjectId);
    if (hit.until <= this.now()) {
      hit.key.fill(0);
      return null;
    }
    this.sealKeys.set(subjectId, hit);
    return hit.key;
  }

  private readSealKey(subjectId: string): Promise<Buffer> {
    const pending = this.sealKeyReads.get(subjectId);
    if (pending) return pending;
    const read = this.dataKey(subjectId)
      .then((key) => {
        if (!key) throw new UnknownDataSubject(subjectId);
        if (key.erasedAt) throw new DataSubjectErased(subjectId, key.erasedAt);
        if (this.sealKeyCacheSize > 0 && this.sealKeyTtlMs > 0) {
          // Its own copy: the cache zeroes what it drops, while callers of this read still hold key.key.
          this.sealKeys.set(subjectId, { key: Buffer.from(key.key), until: this.now() + this.sealKeyTtlMs });
          for (const [oldest, entry] of this.sealKeys) {
            if (this.sealKeys.size <= this.sealKeyCacheSize) break;
            this.sealKeys.delete(oldest);
            entry.key.fill(0);
          }
        }
        return key.key;
      })
      .finally(() => this.sealKeyReads.delete(subjectId));
    this.sealKeyReads.set(subjectId, read);
    return read;
  }

  async open<T>(sealed: SealedValue): Promise<OpenedValue<T>> {
    const key = await this.dataKey(sealed.subjectId);
    if (!key) throw new UnknownDataSubject(sealed.subjectId);
    if (key.erasedAt) return { status: 'erased', erasedAt: key.erasedAt };
    const plain = gcmOpen(
      key.key,
      {
        iv: Buffer.from(sealed.iv, 'base64'),
        tag: Buffer.from(sealed.tag, 'base64'),
        ct: Buffer.from(sealed.ct, 'base64'),
      },
      sealed.subjectId,
    );
    return { status: 'available', value: JSON.parse(plain.toString('utf8')) as T };
  }

  /**
   * Destroys the subject's key, unless their case is under a legal hold, through
   * `hilfenetz_erase_subject_key`: it refuses unless the caller's transaction has appended the
   * DataSubjectErased event `erasureEventId` to the case's stream, so a key never goes without the
   * log saying so. Runs inside that transaction; both commit together.
   */
  async destroyKey(m: EntityManager, subjectId: string, erasureEventId: string): Promise<void> {
    // This process stops sealing for the subject at once; other processes within their TTL.
    this.forgetSealKey(subjectId);
    try {
      await m.query(`SELECT hilfenetz_erase_subject_key($1, $2)`, [subjectId, erasureEventId]);
    } catch (err) {
      const e = err as { code?: string; detail?: string; driverError?: { code?: string; detail?: string } };
      const code = e.code ?? e.driverError?.code;
      if (code === 'HNHLD') throw new LegalHoldActive(e.detail ?? e.driverError?.detail ?? '');
      if (code === 'HNUNK') throw new UnknownDataSubject(subjectId);
      throw err;
    }
  }

  private forgetSealKey(subjectId: string): void {
    this.sealKeys.get(subjectId)?.key.fill(0);
    this.sealKeys.delete(subjectId);
  }

  private async dataKey(
    subjectId: string,
  ): Promise<{ key: Buffer; erasedAt: null } | { key: Buffer; erasedAt: string } | null> {
    // Read on every use for opening (no cache, ADR 0005), through the pg driver as a prepared
    // statement: this look-up also fills seal's cache.
    const pool = pgPool(this.ds);
    // Key and id come from one row version: a re-wrap (keys:rewrap) replaces both in one update.
    const { rows } = await pool.query<{ wrapped_key: Buffer | null; master_key_id: string; erased_at: Date | null }>({
      name: 'hilfenetz_data_key_by_id',
      text: `SELECT wrapped_key, master_key_id, erased_at FROM data_subject_keys WHERE subject_id = $1`,
      values: [subjectId],
    });
    const row = rows[0];
    if (!row) return null;
    if (!row.wrapped_key) return { key: Buffer.alloc(0), erasedAt: (row.erased_at ?? new Date(0)).toISOString() };
    return { key: unwrapSubjectKey(this.keys, subjectId, row.master_key_id, row.wrapped_key), erasedAt: null };
  }
}

/** Opens a stored subject key with the master key its id names; a key not configured is an error that says so. */
export function unwrapSubjectKey(keys: WrappingKeys, subjectId: string, masterKeyId: string, w: Buffer): Buffer {
  const master = keys.byId.get(masterKeyId);
  if (!master) {
    throw new Error(
      `the key of ${subjectId} is wrapped under master key ${masterKeyId}, which is not configured ` +
        `(current ${keys.current.id}; add it to PERSONAL_DATA_PREVIOUS_MASTER_KEYS, or run keys:rewrap while it is)`,
    );
  }
  return gcmOpen(
    master,
    { iv: w.subarray(0, 12), tag: w.subarray(12, 28), ct: w.subarray(28) },
    `subject:${subjectId}`,
  );
}

/** Wraps a subject key under the current master key: iv (12) ‖ tag (16) ‖ ciphertext, as stored. */
export function wrapSubjectKey(keys: WrappingKeys, subjectId: string, dataKey: Buffer): Buffer {
  const w = gcmSeal(keys.current.key, dataKey, `subject:${subjectId}`);
  return Buffer.concat([w.iv, w.tag, w.ct]);
}
