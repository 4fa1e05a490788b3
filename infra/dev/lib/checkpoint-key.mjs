// @ts-check
import { createPrivateKey, createPublicKey } from 'node:crypto';

/**
 * The raw Ed25519 public key (base64) of a checkpoint signing seed (base64 of 32 bytes): what
 * `npm run events:verify` checks the event log's signed checkpoints with (docs/adr/0016).
 * @param {string} seedBase64
 */
export function checkpointPublicKey(seedBase64) {
  const pkcs8 = Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.from(seedBase64, 'base64'),
  ]);
  const jwk = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url').toString('base64');
}
