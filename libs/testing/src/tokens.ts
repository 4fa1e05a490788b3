import { decodeJwt } from 'jose';

/**
 * Tokens already fetched, per issuer, user and password. Jest loads this module afresh for every
 * test file, so the cache lives as long as one suite: Keycloak's token endpoint costs tens of
 * milliseconds a call (it hashes the password), and some suites ask for the same users hundreds of times.
 */
const cached = new Map<string, { token: string; renewAfter: number }>();

/**
 * A real access token of a demo user from the realm `issuer` (`<keycloak>/realms/<realm>`): the
 * password grant of the test-only client, reused while it has more than a minute left.
 */
export async function tokenFor(issuer: string, username: string, password = 'demo'): Promise<string> {
  const key = JSON.stringify([issuer, username, password]);
  const hit = cached.get(key);
  if (hit && hit.renewAfter > Date.now()) return hit.token;
  const token = (await keycloakTokens(issuer, username, { password })).access_token;
  const exp = decodeJwt(token).exp ?? 0;
  cached.set(key, { token, renewAfter: exp * 1000 - 60_000 });
  return token;
}

/** The test-only confidential client of the Keycloak realm hilfenetz (infra/dev/keycloak), password grant only. */
export const KEYCLOAK_TEST_CLIENT = {
  clientId: 'hilfenetz-tests',
  clientSecret: 'hilfenetz-tests-local-only',
} as const;

export interface KeycloakTokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
}

/**
 * Tokens for a demo user from a Keycloak realm (`issuer`: `<keycloak>/realms/<realm>`) by the
 * password grant of a confidential client (default: the realm's test-only client).
 */
export async function keycloakTokens(
  issuer: string,
  username: string,
  opts: { password?: string; clientId?: string; clientSecret?: string; scope?: string } = {},
): Promise<KeycloakTokenResponse> {
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: opts.clientId ?? KEYCLOAK_TEST_CLIENT.clientId,
      client_secret: opts.clientSecret ?? KEYCLOAK_TEST_CLIENT.clientSecret,
      username,
      password: opts.password ?? 'demo',
      ...(opts.scope ? { scope: opts.scope } : {}),
    }),
  });
  if (!res.ok) throw new Error(`Keycloak token for ${username}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as KeycloakTokenResponse;
}
