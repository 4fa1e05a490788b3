import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { InvalidToken, JwksTokenVerifier } from './token-verifier';

const issuer = 'https://idp.example/realms/lindenau';
const audience = 'hilfenetz-api';

describe('JwksTokenVerifier', () => {
  let key: KeyLike;
  let verifier: JwksTokenVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
    verifier = new JwksTokenVerifier(issuer, audience, { clockSkewSeconds: 30 }, createLocalJWKSet({ keys: [jwk] }));
  });

  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: JWTPayload, typ: string | null = 'at+jwt') =>
    new SignJWT({
      iss: issuer,
      aud: audience,
      sub: 'u-ja-0001',
      iat: now(),
      exp: now() + 300,
      roles: ['caseworker'],
      org: 'org-jugendamt-lindenau',
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', ...(typ === null ? {} : { typ }) })
      .sign(key);

  it('accepts an RFC 9068 access token and reports until when it holds, skew included', async () => {
    const exp = now() + 300;
    const t = await verifier.verify(await sign({ exp }));
    expect(t.principal).toMatchObject({ id: 'u-ja-0001', roles: ['caseworker'] });
    expect(t.validUntil).toBe((exp + 30) * 1000);
  });

  it("accepts Keycloak's access tokens (claim typ Bearer, header JWT or none)", async () => {
    await expect(verifier.verify(await sign({ typ: 'Bearer' }, 'JWT'))).resolves.toBeDefined();
    await expect(verifier.verify(await sign({ typ: 'Bearer' }, null))).resolves.toBeDefined();
  });

  it.each([
    ['an ID token (Keycloak)', { typ: 'ID' }, 'JWT'],
    ['an ID token with the access-token header', { typ: 'ID' }, 'at+jwt'],
    ['a plain JWT without any access-token mark', {}, 'JWT'],
    ['a token without typ at all', {}, null],
    ['a refresh token', { typ: 'Refresh' }, 'JWT'],
  ] as const)('refuses %s', async (_, claims, typ) => {
    await expect(verifier.verify(await sign(claims, typ))).rejects.toThrow(InvalidToken);
  });

  it('refuses a token without exp', async () => {
    await expect(verifier.verify(await sign({ exp: undefined }))).rejects.toThrow(/exp/);
  });

  it('tolerates an expiry within the skew, not beyond', async () => {
    await expect(verifier.verify(await sign({ exp: now() - 20 }))).resolves.toBeDefined();
    await expect(verifier.verify(await sign({ exp: now() - 40 }))).rejects.toThrow(/exp/);
  });

  it('refuses a token issued beyond the skew in the future', async () => {
    await expect(verifier.verify(await sign({ iat: now() + 120, nbf: undefined }))).rejects.toThrow(InvalidToken);
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({
      sub: 'u',
      exp: now() + 60,
      roles: ['caseworker'],
      org: 'o',
      iss: issuer,
      aud: audience,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
      .sign(other.privateKey);
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidToken);
  });
});
