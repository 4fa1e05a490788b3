import { createHash } from 'node:crypto';

/**
 * Why a personal-data master key must not be used in production, or null when it looks like 32
 * random bytes. Not a proof of randomness (nothing can be), but it catches the keys people really
 * deploy by mistake: all zeros, one byte repeated, a counter, a typed passphrase, a key of few
 * distinct bytes. Each check fails for 32 bytes from a CSPRNG with a probability below 10⁻¹²,
 * so a real key is never refused.
 */
export function weakMasterKeyReason(key: Buffer): string | null {
  if (key.length !== 32) return 'is not 32 bytes';
  if (key.every((b) => b === 0)) return 'is all zero bytes';
  if (key.every((b) => b === key[0])) return 'is one byte repeated';
  const step = (key[1]! - key[0]! + 256) % 256;
  if (key.every((b, i) => i === 0 || (b - key[i - 1]! + 256) % 256 === step)) return 'is a sequence of bytes (counter)';
  // 32 random bytes show about 30 distinct values; fewer than 16 happens with probability < 10⁻¹⁵.
  const distinct = new Set(key).size;
  if (distinct < 16) return `has only ${distinct} distinct byte values (low entropy)`;
  // A passphrase or a hex/base64 string taken as the key itself: printable ASCII throughout,
  // (95/256)³² ≈ 10⁻¹⁴ for random bytes.
  if (key.every((b) => b >= 0x20 && b <= 0x7e)) return 'is printable text, not random bytes (a passphrase?)';
  return null;
}

/** What a master key's id may look like: it is stored beside every wrapped subject key. */
export const MASTER_KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A master key's fingerprint: the first 16 hex digits of SHA-256 of the key. The vault has stored
 * it beside every wrapped key since the start (ADR 0005), so it is the default id: keys wrapped
 * before ids could be chosen name their master key by it.
 */
export function masterKeyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export interface MasterKeyEntry {
  /** The id stored with what this key wraps: PERSONAL_DATA_MASTER_KEY_ID, or the fingerprint. */
  id: string;
  fingerprint: string;
  key: Buffer;
}

/** The current master key (wraps and encrypts everything new) and earlier ones (read only). */
export interface MasterKeyring {
  current: MasterKeyEntry;
  previous: MasterKeyEntry[];
}

/**
 * Parses PERSONAL_DATA_PREVIOUS_MASTER_KEYS: entries separated by commas or line breaks, each
 * `base64` (id = its fingerprint) or `id:base64` (base64 has no colon). Returns the problems
 * instead of throwing, so the config schema can list them all.
 */
export function parsePreviousMasterKeys(text: string | undefined): { entries: MasterKeyEntry[]; problems: string[] } {
  const entries: MasterKeyEntry[] = [];
  const problems: string[] = [];
  const parts = (text ?? '')
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  parts.forEach((part, i) => {
    const colon = part.indexOf(':');
    const id = colon >= 0 ? part.slice(0, colon) : undefined;
    const key = Buffer.from(colon >= 0 ? part.slice(colon + 1) : part, 'base64');
    if (key.length !== 32) return problems.push(`entry ${i + 1} is not base64 of exactly 32 bytes`);
    if (id !== undefined && !MASTER_KEY_ID_PATTERN.test(id)) {
      return problems.push(`entry ${i + 1}: the id must match ${MASTER_KEY_ID_PATTERN.source}`);
    }
    const fingerprint = masterKeyFingerprint(key);
    entries.push({ id: id ?? fingerprint, fingerprint, key });
  });
  return { entries, problems };
}

/**
 * The keyring of a running app. Checks what would make a stored id ambiguous: two keys with one
 * id or one fingerprint, an explicit id equal to another key's fingerprint. (The config schema
 * runs the same checks at boot; this throws for callers that bypass it.)
 */
export function masterKeyring(config: {
  PERSONAL_DATA_MASTER_KEY: string;
  PERSONAL_DATA_MASTER_KEY_ID?: string | undefined;
  PERSONAL_DATA_PREVIOUS_MASTER_KEYS?: string | undefined;
}): MasterKeyring {
  const key = Buffer.from(config.PERSONAL_DATA_MASTER_KEY, 'base64');
  if (key.length !== 32) throw new Error('PERSONAL_DATA_MASTER_KEY must be base64 of exactly 32 bytes');
  const fingerprint = masterKeyFingerprint(key);
  const current = { id: config.PERSONAL_DATA_MASTER_KEY_ID ?? fingerprint, fingerprint, key };
  const { entries, problems } = parsePreviousMasterKeys(config.PERSONAL_DATA_PREVIOUS_MASTER_KEYS);
  problems.push(...keyringConflicts([current, ...entries]));
  if (problems.length) throw new Error(`PERSONAL_DATA_PREVIOUS_MASTER_KEYS: ${problems.join('; ')}`);
  return { current, previous: entries };
}

/** Why a set of keys cannot be told apart by the ids stored with their ciphertexts. */
export function keyringConflicts(keys: MasterKeyEntry[]): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  keys.forEach((k, i) => {
    const who = i === 0 ? 'the current key' : `previous key ${i}`;
    for (const name of new Set([k.id, k.fingerprint])) {
      const other = owner.get(name);
      if (other) problems.push(`${who} and ${other} share the id or fingerprint ${name}`);
      else owner.set(name, who);
    }
  });
  return problems;
}
