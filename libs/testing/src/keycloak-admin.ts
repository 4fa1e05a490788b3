/**
 * The stack's Keycloak as its administrator sees it (admin REST API), for test set-up only:
 * `npm test` hands the URL and the bootstrap administrator in (infra/dev/lib/keycloak.mjs).
 */
export interface KeycloakAdmin {
  url: string;
  user: string;
  password: string;
}

/** The stack's Keycloak from the environment `npm test` sets; fails loudly when it is missing. */
export function keycloakAdminFromEnv(): KeycloakAdmin {
  const url = process.env.KEYCLOAK_URL;
  const password = process.env.KEYCLOAK_ADMIN_PASSWORD;
  if (!url || !password) {
    throw new Error(
      'KEYCLOAK_URL / KEYCLOAK_ADMIN_PASSWORD missing: run the tests through npm test (it starts Keycloak)',
    );
  }
  return { url, user: process.env.KEYCLOAK_ADMIN_USER ?? 'admin', password };
}

/** A fresh admin token for every call: the master realm's tokens live one minute. */
async function adminToken(admin: KeycloakAdmin): Promise<string> {
  const res = await fetch(`${admin.url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: admin.user,
      password: admin.password,
    }),
  });
  if (!res.ok) throw new Error(`Keycloak admin login: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** One call of the admin REST API below `/admin/realms`; throws on anything but 2xx. */
export async function keycloakAdminCall(
  admin: KeycloakAdmin,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<Response> {
  const res = await fetch(`${admin.url}/admin/realms${apiPath}`, {
    method,
    headers: {
      authorization: `Bearer ${await adminToken(admin)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Keycloak admin ${method} ${apiPath}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

interface ClientRep {
  id?: string;
  clientId: string;
  redirectUris?: string[];
  rootUrl?: string;
  attributes?: Record<string, string>;
  protocolMappers?: Record<string, unknown>[];
  [k: string]: unknown;
}

/**
 * A copy of the realm's web client (PKCE, the same mappers) that redirects to a test's own web
 * server, for one run: the committed client points at the checkout's `npm start` port, and
 * changing it would break a developer's login (and race with another run). Remove it after.
 * `accessTokenLifespanSeconds` shortens this client's access tokens (Keycloak's client attribute
 * `access.token.lifespan`), for tests of the silent refresh.
 */
export async function addTestWebClient(
  admin: KeycloakAdmin,
  realm: string,
  webOrigin: string,
  opts: { accessTokenLifespanSeconds?: number } = {},
): Promise<{ clientId: string; remove: () => Promise<void> }> {
  const [web] = (await (await keycloakAdminCall(admin, 'GET', `/${realm}/clients?clientId=hilfenetz-web`)).json()) as
    ClientRep[] | [];
  if (!web) throw new Error(`realm ${realm} has no client hilfenetz-web`);
  const clientId = `hilfenetz-web-tests-${new URL(webOrigin).port}-${Date.now().toString(36)}`;
  const { id: _id, ...rest } = web;
  const copy: ClientRep = {
    ...rest,
    clientId,
    rootUrl: webOrigin,
    redirectUris: [`${webOrigin}/callback`],
    attributes: {
      ...web.attributes,
      'post.logout.redirect.uris': `${webOrigin}/*`,
      ...(opts.accessTokenLifespanSeconds ? { 'access.token.lifespan': String(opts.accessTokenLifespanSeconds) } : {}),
    },
    protocolMappers: (web.protocolMappers ?? []).map(({ id: _mapperId, ...m }) => m),
  };
  const created = await keycloakAdminCall(admin, 'POST', `/${realm}/clients`, copy);
  const internalId = created.headers.get('location')?.split('/').pop();
  if (!internalId) throw new Error('Keycloak created the web client without a location');
  return {
    clientId,
    remove: async () => void (await keycloakAdminCall(admin, 'DELETE', `/${realm}/clients/${internalId}`)),
  };
}
