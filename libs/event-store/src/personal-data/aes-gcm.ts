import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface GcmBox {
  iv: Buffer;
  tag: Buffer;
  ct: Buffer;
}

/** AES-256-GCM with a fresh 96-bit nonce; `aad` binds the ciphertext to its data subject. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): GcmBox {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ct };
}

export function gcmOpen(key: Buffer, box: GcmBox, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, box.iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(box.tag);
  return Buffer.concat([decipher.update(box.ct), decipher.final()]);
}
