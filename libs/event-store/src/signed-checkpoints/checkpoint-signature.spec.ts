import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  checkpointSignatureValid,
  parseCheckpointSigningKey,
  parseTrustedCheckpointKeys,
  signCheckpointPayload,
} from './checkpoint-keys';
import { checkpointPayload, checkpointRowHash, type SignedCheckpoint } from './signed-checkpoint';

const unsigned = (keyId: string): Omit<SignedCheckpoint, 'signature'> => ({
  seq: 2,
  createdAt: '2026-11-25T10:00:00.000Z',
  xidHorizon: '1042',
  globalPosition: '977',
  eventCount: '977',
  streamCount: 31,
  merkleRoot: 'ab'.repeat(32),
  prevHash: 'cd'.repeat(32),
  keyId,
});

describe('checkpoint signatures (Ed25519)', () => {
  const key = parseCheckpointSigningKey(randomBytes(32).toString('base64'));
  const trusted = parseTrustedCheckpointKeys(key.publicKeyBase64);

  it('a seed gives a key whose public half verify trusts under the same key id', () => {
    expect(trusted.has(key.keyId)).toBe(true);
    const payload = checkpointPayload(unsigned(key.keyId));
    const signature = signCheckpointPayload(payload, key);
    expect(checkpointSignatureValid(payload, signature, trusted.get(key.keyId)!)).toBe(true);
    // The same seed is the same key: verify keeps working after the projector restarts.
    expect(
      parseCheckpointSigningKey(
        Buffer.from(key.privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('base64'),
      ).keyId,
    ).toBe(key.keyId);
  });

  it('refuses any changed field, another key, and a garbled signature', () => {
    const c = unsigned(key.keyId);
    const signature = signCheckpointPayload(checkpointPayload(c), key);
    const pub = trusted.get(key.keyId)!;
    for (const changed of [
      { ...c, merkleRoot: 'ef'.repeat(32) },
      { ...c, eventCount: '976' },
      { ...c, globalPosition: '976' },
      { ...c, seq: 3 },
      { ...c, prevHash: null },
      { ...c, xidHorizon: '1043' },
    ]) {
      expect(checkpointSignatureValid(checkpointPayload(changed), signature, pub)).toBe(false);
    }
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(checkpointSignatureValid(checkpointPayload(c), signature, other)).toBe(false);
    expect(checkpointSignatureValid(checkpointPayload(c), 'bm90IGEgc2lnbmF0dXJl', pub)).toBe(false);
  });

  it('the payload is canonical JSON with a format tag, independent of field order', () => {
    const c = unsigned(key.keyId);
    const reordered = Object.fromEntries(Object.entries(c).reverse()) as typeof c;
    expect(checkpointPayload(reordered)).toBe(checkpointPayload(c));
    expect(JSON.parse(checkpointPayload(c))).toMatchObject({ format: 'hilfenetz-checkpoint/1', seq: 2 });
  });

  it('the row hash chains over the signature too', () => {
    const c = { ...unsigned(key.keyId), signature: 'a' };
    expect(checkpointRowHash(c)).not.toBe(checkpointRowHash({ ...c, signature: 'b' }));
    expect(checkpointRowHash(c)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => parseCheckpointSigningKey(randomBytes(31).toString('base64'))).toThrow(/32-byte/);
    expect(() => parseTrustedCheckpointKeys(`${key.publicKeyBase64}, ${randomBytes(16).toString('base64')}`)).toThrow(
      /32-byte/,
    );
    const two = parseTrustedCheckpointKeys(
      `${key.publicKeyBase64},${parseCheckpointSigningKey(randomBytes(32).toString('base64')).publicKeyBase64}`,
    );
    expect(two.size).toBe(2);
  });
});
