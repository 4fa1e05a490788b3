import { createHash } from 'node:crypto';

export interface MasterKey {
  /** Short fingerprint stored beside each wrapped key, so a rotated master key can be told apart. */
  id: string;
  key: Buffer;
}

/** Parses the configured master key (base64 of 32 random bytes). */
export function parseMasterKey(base64: string): MasterKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('PERSONAL_DATA_MASTER_KEY must be base64 of exactly 32 bytes');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}
