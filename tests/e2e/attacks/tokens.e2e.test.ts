import { keycloakTokens, lindenauCaseId, sharedTestSigningKey, signWithTestKey, tokenFor } from '@hilfenetz/testing';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { e2eStack } from '../support/e2e-stack';
import { call, expectProblem, mintToken } from './attack-support';

const stack = e2eStack();
const youngPerson = { givenName: 'Mara', familyName: 'Tokenfeld', dateOfBirth: '2011-03-04' };

/**
 * Issue 13, finding 7: a bearer token opens the API only while it is an unexpired access token
 * of our issuer. Each attack tries to register a case with a token the issuer's key signed (or
 * an attacker's key did) and must be refused with 401 problem+json; the case must not exist.
 */
describe('attack: tokens that are not a valid access token of our issuer', () => {
  let caseworker: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
  });

  /** Registers a case with `token`, expects 401, and checks with a good token that nothing exists. */
  async function attemptWith(token: string): Promise<string> {
    const caseId = lindenauCaseId(`FALL-TOK-${randomUUID().slice(0, 8)}`);
    const problem = await expectProblem(
      await call(stack.apiUrl, 'POST', '/cases', token, { caseId, youngPerson }),
      401,
    );
    expect((await call(stack.apiUrl, 'GET', `/cases/${caseId}`, caseworker)).status).toBe(404);
    return problem.detail;
  }

  it("Keycloak's access token is marked typ Bearer and opens the API, and so does the tests' copy of it", async () => {
    expect(decodeJwt(caseworker).typ).toBe('Bearer');
    expect((await call(stack.apiUrl, 'GET', '/tasks', caseworker)).status).toBe(200);
    // Minted unchanged with the run's test key: whatever is refused below is refused for its change.
    const minted = await mintToken({ username: 'fachkraft' });
    expect(decodeProtectedHeader(minted).kid).toBe(sharedTestSigningKey().kid);
    expect((await call(stack.apiUrl, 'GET', '/tasks', minted)).status).toBe(200);
  });

  it('an expired token is refused', async () => {
    expect(await attemptWith(await mintToken({ username: 'fachkraft', expiresIn: -120 }))).toMatch(/exp/);
  });

  it('the clock skew is bounded: 20 s past exp still passes, 40 s past does not', async () => {
    const late = await mintToken({ username: 'fachkraft', expiresIn: -20 });
    expect((await call(stack.apiUrl, 'GET', '/tasks', late)).status).toBe(200);
    await attemptWith(await mintToken({ username: 'fachkraft', expiresIn: -40 }));
  });

  it('a token without exp is refused', async () => {
    expect(await attemptWith(await mintToken({ username: 'fachkraft', omit: ['exp'] }))).toMatch(/exp/);
  });

  it('the ID token of a client whose id equals the API audience is refused', async () => {
    const { id_token: idToken } = await keycloakTokens(stack.issuer, 'fachkraft', { scope: 'openid' });
    expect(decodeJwt(idToken!).typ).toBe('ID');
    await attemptWith(idToken!);
    // The attack of the finding: the ID token is addressed to the client, which is named like the
    // API. The realm has no such client, so the same ID token is re-addressed and signed by the test key.
    const namedLikeTheApi = await signWithTestKey(
      sharedTestSigningKey(),
      { ...decodeJwt(idToken!), aud: 'hilfenetz-api', azp: 'hilfenetz-api' },
      'JWT',
    );
    expect(await attemptWith(namedLikeTheApi)).toMatch(/not an access token/);
  });

  it("Keycloak's ID token shape (claim typ ID) and a token with no access-token mark are refused", async () => {
    await attemptWith(await mintToken({ username: 'fachkraft', typ: 'JWT', claims: { typ: 'ID' } }));
    await attemptWith(await mintToken({ username: 'fachkraft', typ: null, omit: ['typ'] }));
  });

  it('a token signed with a foreign key under our key id is refused', async () => {
    const ours = decodeProtectedHeader(caseworker);
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ roles: ['caseworker', 'administrator'], org: 'org-jugendamt-lindenau' })
      .setProtectedHeader({ alg: 'RS256', kid: ours.kid!, typ: 'at+jwt' })
      .setIssuer(stack.issuer)
      .setAudience('hilfenetz-api')
      .setSubject('u-ja-0001')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    await attemptWith(forged);
  });

  it('an unsigned token (alg none) is refused', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${enc({ alg: 'none', typ: 'at+jwt' })}.${enc({
      iss: stack.issuer,
      aud: 'hilfenetz-api',
      sub: 'u-ja-0001',
      exp: now + 300,
      roles: ['caseworker'],
      org: 'org-jugendamt-lindenau',
    })}.`;
    await attemptWith(unsigned);
  });
});
