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
