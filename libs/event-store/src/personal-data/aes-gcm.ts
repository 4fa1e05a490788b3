import { createCipheriv, createDecipheriv } from 'node:crypto';
import { freshNonce } from '@hilfenetz/transport-encryption';

export interface GcmBox {
  iv: Buffer;
  tag: Buffer;
  ct: Buffer;
}

/** AES-256-GCM with a fresh 96-bit nonce; `aad` binds the ciphertext to its data subject. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): GcmBox {
  // From the pool the Kafka and Temporal codecs draw from: one randomBytes call per 1,024 nonces.
  const iv = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = cipher.update(plaintext);
  cipher.final(); // GCM: nothing left to return, this computes the tag
  return { iv, tag: cipher.getAuthTag(), ct };
}

export function gcmOpen(key: Buffer, box: GcmBox, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, box.iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(box.tag);
  return Buffer.concat([decipher.update(box.ct), decipher.final()]);
}
