import { masterKeyFingerprint, type MasterKeyring } from '@hilfenetz/config';

export interface MasterKey {
  /** Short fingerprint stored beside each wrapped key, so a rotated master key can be told apart. */
  id: string;
  key: Buffer;
}

/** Parses the configured master key (base64 of 32 random bytes); its id is its fingerprint. */
export function parseMasterKey(base64: string): MasterKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('PERSONAL_DATA_MASTER_KEY must be base64 of exactly 32 bytes');
  return { id: masterKeyFingerprint(key), key };
}

/**
 * The master keys as the vault uses them: the current one wraps, and a stored `master_key_id`
 * finds its key by id or by fingerprint (rows wrapped before ids could be chosen hold the
 * fingerprint; the config refuses keyrings where the two could collide).
 */
export interface WrappingKeys {
  current: MasterKey;
  byId: Map<string, Buffer>;
}

export function keyringOf(master: MasterKey | MasterKeyring): WrappingKeys {
  const entries =
    'current' in master
      ? [master.current, ...master.previous]
      : [{ id: master.id, fingerprint: masterKeyFingerprint(master.key), key: master.key }];
  const byId = new Map<string, Buffer>();
  for (const e of entries) {
    byId.set(e.fingerprint, e.key);
    byId.set(e.id, e.key);
  }
  const current = entries[0]!;
  return { current: { id: current.id, key: current.key }, byId };
}
