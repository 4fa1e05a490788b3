import { createCipheriv, createDecipheriv, createHash, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { MasterKeyring } from '@hilfenetz/config';
import { freshNonce, NONCE_BYTES } from './gcm-nonce';

const TAG_BYTES = 16;

/**
 * A key for one purpose (Temporal payloads, Kafka values), derived from the personal-data master
 * key by HKDF: one secret to manage, and a key leaked from one transport opens nothing else.
 */
export class PurposeKey {
  /** A KeyObject, not a Buffer: the key is imported into OpenSSL once, not on every seal. */
  private readonly key: KeyObject;
  /** Travels with each ciphertext, so a message under a rotated key is recognised as such. */
  readonly id: string;

  constructor(masterKeyBase64: string, purpose: string) {
    const master = Buffer.from(masterKeyBase64, 'base64');
    if (master.length !== 32) throw new Error('the master key must be base64 of exactly 32 bytes');
    const raw = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `hilfenetz/${purpose}`, 32));
    this.key = createSecretKey(raw);
    this.id = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  }

  /**
   * AES-256-GCM with a fresh nonce: iv (12) ‖ tag (16) ‖ ciphertext. Written into one buffer: the
   * relay seals every Kafka value, and the copies of two `Buffer.concat`s were a third of its cost
   * per event (issue 16's profile).
   */
  seal(plain: Buffer): Buffer {
    const iv = freshNonce();
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = cipher.update(plain);
    cipher.final(); // GCM is a stream mode: final() returns nothing, it computes the tag
    const box = Buffer.allocUnsafe(NONCE_BYTES + TAG_BYTES + ct.length);
    iv.copy(box, 0);
    cipher.getAuthTag().copy(box, NONCE_BYTES);
    ct.copy(box, NONCE_BYTES + TAG_BYTES);
    return box;
  }

  open(box: Buffer, keyId: string): Buffer {
    if (keyId !== this.id) throw new Error(`encrypted under key ${keyId}, this process has ${this.id}`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, box.subarray(0, NONCE_BYTES));
    decipher.setAuthTag(box.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(box.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
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
