import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';
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

describe('claim mapping and discovery', () => {
  let key: KeyLike;
  let jwk: JWK;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  });

  const now = () => Math.floor(Date.now() / 1000);
  /** A Keycloak-shaped access token: realm roles under realm_access, claim typ Bearer. */
  const keycloakToken = (claims: JWTPayload) =>
    new SignJWT({
      iss: issuer,
      aud: [audience, 'account'],
      sub: 'u-kjp-0001',
      typ: 'Bearer',
      exp: now() + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
      .sign(key);
  const local = (options: ConstructorParameters<typeof JwksTokenVerifier>[2] = {}) =>
    new JwksTokenVerifier(issuer, audience, options, createLocalJWKSet({ keys: [jwk] }));

  it("reads Keycloak's realm roles by default and ignores roles that are not ours", async () => {
    const t = await local().verify(
      await keycloakToken({
        realm_access: { roles: ['default-roles-hilfenetz', 'offline_access', 'clinic_staff'] },
        org: 'org-kjp-st-marien',
      }),
    );
    expect(t.principal).toMatchObject({
      id: 'u-kjp-0001',
      roles: ['clinic_staff'],
      organisationId: 'org-kjp-st-marien',
    });
  });

  it('reads roles from group paths and the organisation from a configured claim', async () => {
    const verifier = local({ rolesClaims: ['groups'], organisationClaim: 'hilfenetz.organisation' });
    const t = await verifier.verify(
      await keycloakToken({ groups: ['/lindenau/caseworker', '/other'], hilfenetz: { organisation: 'org-x' } }),
    );
    expect(t.principal).toMatchObject({ roles: ['caseworker'], organisationId: 'org-x' });
  });

  it('reads roles and the organisation from one groups claim when organisations are groups', async () => {
    const verifier = local({
      rolesClaims: ['groups'],
      organisationClaim: 'groups',
      organisationGroupPrefix: '/organisationen/',
    });
    const t = await verifier.verify(
      await keycloakToken({ groups: ['/rollen/clinic_staff', '/organisationen/org-kjp-st-marien/station-3'] }),
    );
    expect(t.principal).toMatchObject({ roles: ['clinic_staff'], organisationId: 'org-kjp-st-marien' });
    // Two organisations' groups: which one would be the IdP's ordering, so neither.
    await expect(
      verifier.verify(
        await keycloakToken({
          groups: [
            '/rollen/clinic_staff',
            '/organisationen/org-kjp-st-marien',
            '/organisationen/org-jugendamt-lindenau',
          ],
        }),
      ),
    ).rejects.toThrow(/no single organisation group below \/organisationen\//);
    // A group that only looks like one (no prefix) names no organisation.
    await expect(
      verifier.verify(await keycloakToken({ groups: ['/rollen/clinic_staff', '/org-kjp-st-marien'] })),
    ).rejects.toThrow(/no single organisation group/);
  });

  it('refuses a token without the organisation claim, or with an empty one', async () => {
    const verifier = local();
    await expect(verifier.verify(await keycloakToken({ realm_access: { roles: ['caseworker'] } }))).rejects.toThrow(
      /organisation claim \(org\)/,
    );
    await expect(
      verifier.verify(await keycloakToken({ realm_access: { roles: ['caseworker'] }, org: ' ' })),
    ).rejects.toThrow(/organisation claim/);
  });

  it('finds the key set through the discovery document, not a fixed path', async () => {
    // Port 9 refuses at once: jose's fetch of the key set fails fast, after discovery named it.
    const issuer = 'http://127.0.0.1:9/realms/lindenau';
    const seen: string[] = [];
    const fakeFetch = (async (input: string | URL | Request) => {
      const url = String(input instanceof Request ? input.url : input);
      seen.push(url);
      if (url.endsWith('/.well-known/openid-configuration')) {
        return Response.json({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` });
      }
      return new Response('not found', { status: 404 });
    }) as typeof fetch;
    const verifier = new JwksTokenVerifier(issuer, audience, { fetch: fakeFetch });
    // jose fetches the key set itself, from the discovered URI (refused here, so no key).
    await expect(
      verifier.verify(await keycloakToken({ iss: issuer, realm_access: { roles: ['caseworker'] }, org: 'o' })),
    ).rejects.toThrow(InvalidToken);
    expect(seen).toEqual([`${issuer}/.well-known/openid-configuration`]);
  });

  it('refuses a discovery document that names another issuer', async () => {
    const fakeFetch = (async () =>
      Response.json({ issuer: 'https://evil.example', jwks_uri: 'https://evil.example/k' })) as unknown as typeof fetch;
    const verifier = new JwksTokenVerifier(issuer, audience, { fetch: fakeFetch });
    await expect(
      verifier.verify(await keycloakToken({ realm_access: { roles: ['caseworker'] }, org: 'o' })),
    ).rejects.toThrow(/discovery names issuer/);
  });
});
