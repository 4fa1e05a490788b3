/** Gets a real access token for a demo user from the local OIDC issuer (password grant). */
export async function tokenFor(issuer: string, username: string, password = 'demo'): Promise<string> {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'hilfenetz-tests', username, password }),
  });
  if (!res.ok) throw new Error(`token for ${username}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
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
