import {
  eventually,
  freePort,
  KEYCLOAK_TEST_CLIENT,
  keycloakAdminFromEnv,
  keycloakTokens,
  lindenauCaseId,
  startApp,
  stopApp,
  type AppProcess,
  waitForHttpOk,
} from '@hilfenetz/testing';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { call, expectProblem } from './attacks/attack-support';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The stack's real Keycloak (infra/dev/lib/keycloak.mjs; `npm test` hands its URL and administrator
 * in). The committed realm `hilfenetz` is checked as it is; everything that changes a realm (key
 * rotation, sessions, extra clients and users) runs on a copy of it made for this file and deleted
 * after, so the developer's realm and other runs are untouched. An API process of its own trusts
 * that copy, beside the shared e2e system (same database, topics, worker and projector).
 */
// `npm test` always runs the stack's Keycloak, also beside an external OIDC_ISSUER (infra/dev).
const KEYCLOAK_URL = keycloakAdminFromEnv().url;

/** A fresh admin token for every call: the master realm's tokens live one minute. */
async function admin(method: string, apiPath: string, body?: unknown): Promise<Response> {
  const tokenRes = await fetch(`${KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN_USER ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? '',
    }),
  });
  if (!tokenRes.ok) throw new Error(`Keycloak admin login: HTTP ${tokenRes.status} ${await tokenRes.text()}`);
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  return fetch(`${KEYCLOAK_URL}/admin/realms${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function adminJson<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
  const res = await admin(method, apiPath, body);
  if (!res.ok) throw new Error(`Keycloak admin ${method} ${apiPath}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface ClientRep {
  clientId: string;
  attributes?: Record<string, string>;
  protocolMappers?: unknown[];
  [k: string]: unknown;
}

/** The committed realm, renamed, plus what only these tests need. */
function testRealm(name: string) {
  const text = readFileSync(path.join(ROOT, 'infra/dev/keycloak/hilfenetz-realm.json'), 'utf8').replaceAll(
    '${HILFENETZ_WEB_ORIGIN}',
    'http://127.0.0.1:1',
  );
  const realm = JSON.parse(text) as { realm: string; clients: ClientRep[]; users: Record<string, unknown>[] };
  realm.realm = name;
  // User ids are unique across realms: the copy's users get ids of Keycloak's choosing.
  for (const user of realm.users) delete user.id;
  const testClient = realm.clients.find((c) => c.clientId === KEYCLOAK_TEST_CLIENT.clientId)!;
  realm.clients.push(
    // Tokens that expire after 2 s.
    {
      ...testClient,
      clientId: 'short-lived',
      attributes: { ...testClient.attributes, 'access.token.lifespan': '2' },
    },
    // Another application of the same realm: its tokens are not addressed to the API.
    { ...testClient, clientId: 'other-app', protocolMappers: [] },
  );
  realm.users.push({
    username: 'ohne-org',
    enabled: true,
    email: 'ohne-org@hilfenetz.example',
    emailVerified: true,
    firstName: 'Ohne',
    lastName: 'Organisation',
    credentials: [{ type: 'password', value: 'demo', temporary: false }],
    realmRoles: ['caseworker'],
  });
  // Another issuer shape (issue 14): roles as group paths in `groups`, the organisation in a
  // custom nested claim, and no realm roles at all; the API reads them only by configuration.
  Object.assign(realm, {
    groups: [
      { name: 'lindenau', subGroups: [{ name: 'clinic_staff' }, { name: 'caseworker' }] },
      // A third shape: organisations are groups too, and the token has no organisation claim at all.
      { name: 'rollen', subGroups: [{ name: 'clinic_staff' }] },
      { name: 'organisationen', subGroups: [{ name: 'org-kjp-st-marien', subGroups: [{ name: 'station-3' }] }] },
    ],
  });
  realm.clients.push({
    ...testClient,
    clientId: 'groups-app',
    protocolMappers: [
      (testClient.protocolMappers ?? [])[0],
      {
        name: 'groups',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-group-membership-mapper',
        config: {
          'claim.name': 'groups',
          'full.path': 'true',
          'access.token.claim': 'true',
          'id.token.claim': 'false',
        },
      },
      {
        name: 'organisation (nested)',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-attribute-mapper',
        config: {
          'user.attribute': 'org',
          'claim.name': 'hilfenetz.organisation',
          'jsonType.label': 'String',
          'access.token.claim': 'true',
          'id.token.claim': 'false',
        },
      },
    ],
  });
  realm.users.push({
    username: 'gruppen-klinik',
    enabled: true,
    email: 'gruppen-klinik@hilfenetz.example',
    emailVerified: true,
    firstName: 'Gruppen',
    lastName: 'Klinik',
    attributes: { org: ['org-kjp-st-marien'] },
    credentials: [{ type: 'password', value: 'demo', temporary: false }],
    groups: ['/lindenau/clinic_staff'],
  });
  realm.users.push({
    username: 'gruppen-station',
    enabled: true,
    email: 'gruppen-station@hilfenetz.example',
    emailVerified: true,
    firstName: 'Gruppen',
    lastName: 'Station',
    credentials: [{ type: 'password', value: 'demo', temporary: false }],
    groups: ['/rollen/clinic_staff', '/organisationen/org-kjp-st-marien/station-3'],
  });
  return realm;
}

describe('Keycloak as the issuer (realm hilfenetz of the dev stack)', () => {
  const realmName = `hilfenetz-e2e-${randomUUID().slice(0, 8)}`;
  const issuer = `${KEYCLOAK_URL}/realms/${realmName}`;
  const apis: AppProcess[] = [];
  let apiUrl: string;
  /** An API of its own on this file's realm, configured by `env` only. */
  const startApi = async (env: NodeJS.ProcessEnv) => {
    const port = await freePort();
    const app = startApp(ROOT, 'api', {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: stack.databaseUrl,
      KAFKA_TOPIC_PREFIX: stack.topicPrefix,
      TEMPORAL_TASK_QUEUE: process.env.E2E_TASK_QUEUE,
      OIDC_ISSUER: issuer,
      OIDC_CLOCK_SKEW_SECONDS: '0',
      API_PORT: String(port),
      // Quiet: it shares var/log/test-api.log with the main API, whose lines the logging test reads.
      LOG_LEVEL: 'error',
      ...env,
    });
    apis.push(app);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttpOk(`${url}/ready`, app);
    return url;
  };

  beforeAll(async () => {
    const created = await admin('POST', '', testRealm(realmName));
    if (created.status !== 201)
      throw new Error(`creating realm ${realmName}: HTTP ${created.status} ${await created.text()}`);
    // Keycloak's realm roles, our organisation attribute (the defaults, spelled out).
    apiUrl = await startApi({ OIDC_ROLES_CLAIM: 'realm_access.roles', OIDC_ORGANISATION_CLAIM: 'org' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((a) => stopApp(a)));
    await admin('DELETE', `/${realmName}`);
  });

  const refused = async (token: string) =>
    (await expectProblem(await call(apiUrl, 'GET', '/tasks', token), 401)).detail;
  const tokenOf = async (username: string, opts: Parameters<typeof keycloakTokens>[2] = {}) =>
    (await keycloakTokens(issuer, username, opts)).access_token;
  const trigger = (token: string, caseId: string, url = apiUrl) =>
    call(url, 'POST', `/cases/${caseId}/crises`, token, { dangerKind: 'others', urgency: 'immediate' });

  it('the committed realm answers discovery and gives a demo user her sub, roles, organisation and name', async () => {
    const committed = process.env.KEYCLOAK_ISSUER ?? `${KEYCLOAK_URL}/realms/hilfenetz`;
    const doc = (await (await fetch(`${committed}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(doc).toMatchObject({
      issuer: committed,
      jwks_uri: `${committed}/protocol/openid-connect/certs`,
      end_session_endpoint: `${committed}/protocol/openid-connect/logout`,
    });
    const claims = decodeJwt((await keycloakTokens(committed, 'fachkraft')).access_token);
    expect(claims).toMatchObject({
      sub: 'u-ja-0001',
      aud: expect.arrayContaining(['hilfenetz-api']) as unknown as string[],
      org: 'org-jugendamt-lindenau',
      name: 'Frau Aydın (ASD)',
      typ: 'Bearer',
      realm_access: { roles: expect.arrayContaining(['caseworker']) as unknown as string[] },
    });
  });

  it('every demo user of the committed realm logs in with "demo", carries its id, roles and organisation, and is in the README', async () => {
    const committed = process.env.KEYCLOAK_ISSUER ?? `${KEYCLOAK_URL}/realms/hilfenetz`;
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const demoUsers = (
      JSON.parse(readFileSync(path.join(ROOT, 'infra/dev/keycloak/hilfenetz-realm.json'), 'utf8')) as {
        users: {
          id: string;
          username: string;
          firstName: string;
          lastName: string;
          realmRoles: string[];
          attributes: { org: string[] };
        }[];
      }
    ).users.map((u) => ({
      username: u.username,
      sub: u.id,
      name: `${u.firstName} ${u.lastName}`,
      org: u.attributes.org[0],
      roles: u.realmRoles.filter((r) => r !== 'default-roles-hilfenetz'),
    }));
    expect(demoUsers.length).toBeGreaterThan(10);
    for (const user of demoUsers) {
      // The README names every login a developer can use.
      expect(readme).toContain(`\`${user.username}\``);
      expect(user.roles.length).toBeGreaterThan(0);
      // The claims as the committed realm issues them: the file's id as sub, which the tests rely on …
      const claims = decodeJwt((await keycloakTokens(committed, user.username)).access_token) as JWTPayload & {
        realm_access: { roles: string[] };
        org: string;
        name: string;
      };
      expect({ sub: claims.sub, org: claims.org, name: claims.name }).toEqual({
        sub: user.sub,
        org: user.org,
        name: user.name,
      });
      expect(claims.realm_access.roles).toEqual(expect.arrayContaining(user.roles));
      // … and accepted by the API: 200 for the roles that read tasks, 403 for the others, never 401.
      expect([200, 403]).toContain((await call(apiUrl, 'GET', '/tasks', await tokenOf(user.username))).status);
    }
  });

  it('a caseworker triggers a crisis and the clinic sees the task in its inbox, by roles and organisation from Keycloak', async () => {
    const [caseworker, clinic, otherClinic] = [
      await tokenOf('fachkraft'),
      await tokenOf('klinik'),
      await tokenOf('klinik-nord'),
    ];
    const caseId = lindenauCaseId(`FALL-KC-${randomUUID().slice(0, 8)}`);
    const res = await trigger(caseworker, caseId);
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    const inbox = await eventually(
      async () => {
        const r = (await (await call(apiUrl, 'GET', `/tasks?caseId=${caseId}`, clinic)).json()) as {
          organisationId: string;
          tasks: { crisisId: string; party: string }[];
        };
        return r.tasks.length ? r : undefined;
      },
      { what: "the crisis in the clinic's inbox", timeoutMs: 45_000 },
    );
    expect(inbox.organisationId).toBe('org-kjp-st-marien');
    expect(inbox.tasks[0]).toMatchObject({ crisisId, party: 'clinic' });
    const theirs = (await (await call(apiUrl, 'GET', `/tasks?caseId=${caseId}`, otherClinic)).json()) as {
      organisationId: string;
      tasks: unknown[];
    };
    expect(theirs).toMatchObject({ organisationId: 'org-kjp-nordklinik', tasks: [] });
    // The clinic may not trigger crises: its role came through as clinic_staff only.
    expect((await trigger(clinic, `FALL-KC-${randomUUID().slice(0, 8)}`)).status).toBe(403);
  });

  describe('refused with 401 problem+json', () => {
    it('an expired token', async () => {
      const token = await tokenOf('klinik', { clientId: 'short-lived' });
      expect((await call(apiUrl, 'GET', '/tasks', token)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 3_500));
      expect(await refused(token)).toMatch(/exp/);
    });

    it('a token of another client of the realm (wrong audience)', async () => {
      const token = await tokenOf('klinik', { clientId: 'other-app' });
      expect(decodeJwt(token).aud ?? []).not.toContain('hilfenetz-api');
      expect(await refused(token)).toMatch(/aud/);
    });

    it('a token of the same realm and key under another issuer URL (wrong issuer)', async () => {
      // Keycloak names itself after the host it is asked by: same key, issuer http://localhost:….
      const other = issuer.replace('127.0.0.1', 'localhost');
      const token = (await keycloakTokens(other, 'klinik')).access_token;
      expect(decodeJwt(token).iss).toBe(other);
      expect(await refused(token)).toMatch(/iss/);
    });

    it("Keycloak's ID token", async () => {
      const { id_token } = await keycloakTokens(issuer, 'klinik', { scope: 'openid' });
      expect(decodeJwt(id_token!).typ).toBe('ID');
      await refused(id_token!);
    });

    it('an unsigned token (alg none) with real claims', async () => {
      const claims = decodeJwt(await tokenOf('klinik'));
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`);
    });

    it("a token signed by an unknown key, under the realm key's id or another", async () => {
      const real = await tokenOf('klinik');
      const { privateKey } = await generateKeyPair('RS256');
      for (const kid of [decodeProtectedHeader(real).kid!, 'attacker-key']) {
        const forged = await new SignJWT(decodeJwt(real))
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
          .sign(privateKey);
        await refused(forged);
      }
    });

    it('a token without the organisation claim', async () => {
      const token = await tokenOf('ohne-org');
      expect(decodeJwt(token).org).toBeUndefined();
      expect(await refused(token)).toMatch(/organisation claim \(org\)/);
    });
  });

  it('another issuer shape: roles from group paths and the organisation from a custom claim, by configuration alone', async () => {
    const groupsApi = await startApi({ OIDC_ROLES_CLAIM: 'groups', OIDC_ORGANISATION_CLAIM: 'hilfenetz.organisation' });
    const token = await tokenOf('gruppen-klinik', { clientId: 'groups-app' });
    const claims = decodeJwt(token) as JWTPayload & { groups: string[]; realm_access?: { roles: string[] } };
    expect(claims).toMatchObject({
      groups: ['/lindenau/clinic_staff'],
      hilfenetz: { organisation: 'org-kjp-st-marien' },
    });
    expect(claims.org).toBeUndefined();
    expect(claims.realm_access?.roles ?? []).not.toContain('clinic_staff');
    const inbox = await call(groupsApi, 'GET', '/tasks', token);
    expect(inbox.status).toBe(200);
    expect(await inbox.json()).toMatchObject({ organisationId: 'org-kjp-st-marien' });
    // The role came from the group: a clinic may not trigger crises.
    expect((await trigger(token, `FALL-KC-${randomUUID().slice(0, 8)}`, groupsApi)).status).toBe(403);
    // The API configured for Keycloak's default shape finds no organisation claim in it.
    expect(await refused(token)).toMatch(/organisation claim \(org\)/);
  });

  it('a third issuer shape: the organisation from a group path, by configuration alone', async () => {
    const orgGroupsApi = await startApi({
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ORGANISATION_CLAIM: 'groups',
      OIDC_ORGANISATION_GROUP_PREFIX: '/organisationen/',
    });
    const token = await tokenOf('gruppen-station', { clientId: 'groups-app' });
    const claims = decodeJwt(token) as JWTPayload & { groups: string[] };
    expect([...claims.groups].sort()).toEqual(['/organisationen/org-kjp-st-marien/station-3', '/rollen/clinic_staff']);
    expect(claims.org).toBeUndefined();
    const inbox = await call(orgGroupsApi, 'GET', '/tasks', token);
    expect(inbox.status).toBe(200);
    expect(await inbox.json()).toMatchObject({ organisationId: 'org-kjp-st-marien' });
    expect((await trigger(token, `FALL-KC-${randomUUID().slice(0, 8)}`, orgGroupsApi)).status).toBe(403);
    // A user whose groups name no organisation below the prefix is refused, not given a default.
    const noOrgGroup = await tokenOf('gruppen-klinik', { clientId: 'groups-app' });
    const problem = await expectProblem(await call(orgGroupsApi, 'GET', '/tasks', noOrgGroup), 401);
    expect(problem.detail).toMatch(/no single organisation group below \/organisationen\//);
  });

  it("key rotation: the API takes the realm's new key after refetching the key set, and refuses the deleted one's tokens", async () => {
    const before = await tokenOf('fachkraft');
    expect((await call(apiUrl, 'GET', '/tasks', before)).status).toBe(200);
    const { id: realmId } = await adminJson<{ id: string }>('GET', `/${realmName}`);
    const providers = await adminJson<{ id: string; providerId: string }[]>(
      'GET',
      `/${realmName}/components?type=${encodeURIComponent('org.keycloak.keys.KeyProvider')}`,
    );
    const old = providers.filter((p) => p.providerId === 'rsa-generated');
    expect(old.length).toBeGreaterThan(0);
    const added = await admin('POST', `/${realmName}/components`, {
      name: 'rsa-rotated',
      providerId: 'rsa-generated',
      providerType: 'org.keycloak.keys.KeyProvider',
      parentId: realmId,
      config: { priority: ['200'], keySize: ['2048'], active: ['true'], enabled: ['true'], algorithm: ['RS256'] },
    });
    expect(added.status).toBe(201);
    for (const p of old) expect((await admin('DELETE', `/${realmName}/components/${p.id}`)).status).toBe(204);

    const after = await tokenOf('fachkraft');
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    // The unknown key id makes the API fetch the key set again (at most every 5 s).
    await eventually(async () => ((await call(apiUrl, 'GET', '/tasks', after)).status === 200 ? true : undefined), {
      what: 'the token of the new key to be accepted',
      timeoutMs: 20_000,
      intervalMs: 1_000,
    });
    // The refetched set holds the new key only.
    await refused(before);
  });

  it('logout ends the session: the old refresh token no longer works', async () => {
    const tokens = await keycloakTokens(issuer, 'bereitschaft');
    const tokenEndpoint = `${issuer}/protocol/openid-connect/token`;
    const refresh = () =>
      fetch(tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token!,
          client_id: KEYCLOAK_TEST_CLIENT.clientId,
          client_secret: KEYCLOAK_TEST_CLIENT.clientSecret,
        }),
      });
    expect((await refresh()).status).toBe(200);
    const logout = await fetch(`${issuer}/protocol/openid-connect/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        refresh_token: tokens.refresh_token!,
        client_id: KEYCLOAK_TEST_CLIENT.clientId,
        client_secret: KEYCLOAK_TEST_CLIENT.clientSecret,
      }),
    });
    expect(logout.status).toBe(204);
    const after = await refresh();
    expect(after.status).toBe(400);
    expect(await after.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
