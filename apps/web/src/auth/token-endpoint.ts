import { oidcEndpoints } from './discovery';

/** What the token endpoint answers, as far as the web app reads it; null when the body is not JSON. */
export interface TokenEndpointAnswer {
  res: Response;
  json: { access_token?: unknown; refresh_token?: unknown; id_token?: unknown; error?: unknown } | null;
}

/**
 * One grant at the discovered token endpoint (through the `/oidc` proxy, so no CORS), for the code
 * exchange and the silent refresh alike. Throws only when the endpoint cannot be reached; what an
 * answer means is the caller's to decide.
 */
export async function postTokenRequest(params: Record<string, string>): Promise<TokenEndpointAnswer> {
  const { token } = await oidcEndpoints();
  const res = await fetch(token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(params),
  });
  const json = (await res.json().catch(() => null)) as TokenEndpointAnswer['json'];
  return { res, json };
}
