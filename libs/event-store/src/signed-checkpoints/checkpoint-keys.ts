import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Ed25519 keys of the checkpoint log, through node:crypto. The signing key is a 32-byte seed
 * (base64), so a local secret made like the personal-data master key is one; only the component
 * that writes checkpoints holds it. Verify holds only public keys (raw 32 bytes, base64).
 */
export interface CheckpointSigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The matching public key, raw, base64: what EVENT_CHECKPOINT_PUBLIC_KEY must hold. */
  publicKeyBase64: string;
}

/** Public keys verify accepts, by key id (several after a rotation). */
export type TrustedCheckpointKeys = ReadonlyMap<string, KeyObject>;

// The fixed DER prefix of a PKCS#8 Ed25519 private key (RFC 8410): only the seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A short, stable name for a public key, stored in every checkpoint it signed. */
function keyIdOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

function rawPublicKey(key: KeyObject): Buffer {
  const x = key.export({ format: 'jwk' }).x;
  if (!x) throw new Error('not an Ed25519 key');
  return Buffer.from(x, 'base64url');
}

export function parseCheckpointSigningKey(base64Seed: string): CheckpointSigningKey {
  const seed = Buffer.from(base64Seed.trim(), 'base64');
  if (seed.length !== 32) throw new Error('EVENT_CHECKPOINT_SIGNING_KEY must be base64 of a 32-byte Ed25519 seed');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const raw = rawPublicKey(publicKey);
  return { keyId: keyIdOf(raw), privateKey, publicKey, publicKeyBase64: raw.toString('base64') };
}

/** Parses EVENT_CHECKPOINT_PUBLIC_KEY: one or more raw Ed25519 public keys, base64, comma separated. */
export function parseTrustedCheckpointKeys(list: string | readonly string[]): TrustedCheckpointKeys {
  const items = (typeof list === 'string' ? list.split(',') : list).map((s) => s.trim()).filter(Boolean);
  const keys = new Map<string, KeyObject>();
  for (const item of items) {
    const raw = Buffer.from(item, 'base64');
    if (raw.length !== 32) throw new Error('EVENT_CHECKPOINT_PUBLIC_KEY must list base64 raw 32-byte Ed25519 keys');
    keys.set(
      keyIdOf(raw),
      createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' }),
    );
  }
  return keys;
}

export function signCheckpointPayload(payload: string, key: CheckpointSigningKey): string {
  return sign(null, Buffer.from(payload, 'utf8'), key.privateKey).toString('base64');
}

export function checkpointSignatureValid(payload: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(payload, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
