import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { InvalidToken, JwksTokenVerifier, type VerifiedToken } from './token-verifier';
import { VerifiedTokenCache } from './verified-token.cache';

const principal = { id: 'u-1', roles: ['caseworker' as const], organisationId: 'org-a', displayName: 'A' };
const until = (validUntil: number) => ({
  verified: { principal, validUntil } as VerifiedToken,
  header: { alg: 'RS256' },
  key: {},
});

describe('VerifiedTokenCache', () => {
  it('answers a kept token until its validUntil and not a millisecond after', () => {
    const cache = new VerifiedTokenCache();
    const kept = until(1_000);
    cache.set('t', kept);
    expect(cache.get('t', 1_000)).toBe(kept);
    expect(cache.get('t', 1_001)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, letting the oldest go first', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', until(9_999));
    cache.set('b', until(9_999));
    cache.set('c', until(9_999));
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBeDefined();
    expect(cache.get('c', 0)).toBeDefined();
  });
});

describe('JwksTokenVerifier with its cache', () => {
  const issuer = 'https://idp.example/realms/lindenau';
  const audience = 'hilfenetz-api';
  let key: KeyLike;
  let keyLookups = 0;
  let verifier: JwksTokenVerifier;
  /** The issuer's key set as the API currently holds it (swapped to simulate a refetch). */
  let published: JWTVerifyGetKey;
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (exp: number) =>
    new SignJWT({ iss: issuer, aud: audience, sub: 'u-ja-0001', iat: now(), exp, roles: ['caseworker'], org: 'org-a' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    published = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }] });
    const counted: JWTVerifyGetKey = (header, token) => {
      keyLookups++;
      return published(header, token);
    };
    verifier = new JwksTokenVerifier(issuer, audience, { clockSkewSeconds: 30 }, counted);
  });

  afterEach(() => jest.useRealTimers());

  it('checks a token’s signature once and answers its repeats from what it kept', async () => {
    const token = await sign(now() + 300);
    const first = await verifier.verify(token);
    // The same object: no second verification made a new one.
    expect(await verifier.verify(token)).toBe(first);
    expect(await verifier.verify(await sign(now() + 301))).not.toBe(first);
  });

  it('refuses a kept token once the refetched key set no longer holds its key', async () => {
    const token = await sign(now() + 300);
    await verifier.verify(token);
    const before = published;
    const other = await generateKeyPair('RS256');
    published = createLocalJWKSet({ keys: [{ ...(await exportJWK(other.publicKey)), kid: 'k2', alg: 'RS256' }] });
    try {
      await expect(verifier.verify(token)).rejects.toThrow(InvalidToken);
    } finally {
      published = before;
    }
  });

  it('refuses a kept token once it has expired, as a fresh check would', async () => {
    const exp = now() + 60;
    const token = await sign(exp);
    await verifier.verify(token);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    jest.setSystemTime((exp + 31) * 1000);
    await expect(verifier.verify(token)).rejects.toThrow(InvalidToken);
  });

  it('keeps nothing that failed: a forged token is refused every time', async () => {
    const token = await sign(now() + 300);
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${Buffer.from('not a signature').toString('base64url')}`;
    keyLookups = 0;
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidToken);
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidToken);
    expect(keyLookups).toBe(2);
  });
});
