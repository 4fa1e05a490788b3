import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { MasterKeyring } from '@hilfenetz/config';

/**
 * A key for one purpose (Temporal payloads, Kafka values), derived from the personal-data master
 * key by HKDF: one secret to manage, and a key leaked from one transport opens nothing else.
 */
export class PurposeKey {
  private readonly key: Buffer;
  /** Travels with each ciphertext, so a message under a rotated key is recognised as such. */
  readonly id: string;

  constructor(masterKeyBase64: string, purpose: string) {
    const master = Buffer.from(masterKeyBase64, 'base64');
    if (master.length !== 32) throw new Error('the master key must be base64 of exactly 32 bytes');
    this.key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `hilfenetz/${purpose}`, 32));
    this.id = createHash('sha256').update(this.key).digest('hex').slice(0, 16);
  }

  /** AES-256-GCM with a fresh nonce: iv (12) ‖ tag (16) ‖ ciphertext. */
  seal(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]);
  }

  open(box: Buffer, keyId: string): Buffer {
    if (keyId !== this.id) throw new Error(`encrypted under key ${keyId}, this process has ${this.id}`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, box.subarray(0, 12));
    decipher.setAuthTag(box.subarray(12, 28));
    return Buffer.concat([decipher.update(box.subarray(28)), decipher.final()]);
  }
}

/**
 * The purpose keys of every configured master key: the current one encrypts, any of them opens
 * what names it (docs/adr/0023). The id on the wire is the purpose key's own fingerprint (ADR 0009
 * put it there from the start), so messages written before rotation existed name their key too.
 */
export class PurposeKeyring {
  readonly current: PurposeKey;
  private readonly byId = new Map<string, PurposeKey>();

  constructor(masterKeys: string | MasterKeyring, purpose: string) {
    const ring = typeof masterKeys === 'string' ? null : masterKeys;
    const masters = ring
      ? [ring.current.key, ...ring.previous.map((k) => k.key)].map((k) => k.toString('base64'))
      : [masterKeys as string];
    const keys = masters.map((m) => new PurposeKey(m, purpose));
    this.current = keys[0]!;
    for (const k of keys) this.byId.set(k.id, k);
  }

  seal(plain: Buffer): { keyId: string; box: Buffer } {
    return { keyId: this.current.id, box: this.current.seal(plain) };
  }

  open(box: Buffer, keyId: string): Buffer {
    const key = this.byId.get(keyId);
    if (!key) {
      throw new Error(
        `encrypted under key ${keyId}, this process has ${[...this.byId.keys()].join(', ')} ` +
          '(a previous master key missing from PERSONAL_DATA_PREVIOUS_MASTER_KEYS?)',
      );
    }
    return key.open(box, keyId);
  }
}
