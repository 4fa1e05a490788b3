import { randomBytes } from 'node:crypto';

/** AES-GCM's 96-bit nonce. */
export const NONCE_BYTES = 12;

/** How many nonces one call into the random generator fetches. */
const POOL_NONCES = 1024;

let pool = Buffer.alloc(0);
let next = 0;

/**
 * A fresh random 96-bit nonce, cut from a pool the CSPRNG fills 12 KiB at a time. The bytes are the
 * same kind as `randomBytes(12)` per call (each nonce is used once, then the pool moves on), but one
 * `randomBytes` costs about 3 µs whatever its size — a quarter of sealing a Kafka value. A nonce is
 * not secret: the pool needs no wiping. Random, not a counter: several processes seal under the
 * same key and keep no state across restarts, so a counter could repeat; 2^32 random nonces per
 * key stay within NIST SP 800-38D's bound.
 */
export function freshNonce(): Buffer {
  if (next + NONCE_BYTES > pool.length) {
    pool = randomBytes(NONCE_BYTES * POOL_NONCES);
    next = 0;
  }
  const nonce = pool.subarray(next, next + NONCE_BYTES);
  next += NONCE_BYTES;
  return nonce;
}
