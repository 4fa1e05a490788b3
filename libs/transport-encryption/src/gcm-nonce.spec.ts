import { freshNonce, NONCE_BYTES } from './gcm-nonce';

describe('freshNonce', () => {
  it('gives 96-bit nonces that never repeat, across refills of its pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const nonce = freshNonce();
      expect(nonce).toHaveLength(NONCE_BYTES);
      seen.add(nonce.toString('hex'));
    }
    expect(seen.size).toBe(5000);
  });
});
