import { redirectUri } from '../config';
import { oidcClientId, oidcEndpoints } from './discovery';

export type LoginFailure = 'network' | 'rejected' | 'state_mismatch' | 'denied';

export class LoginError extends Error {
  constructor(
    readonly failure: LoginFailure,
    message: string,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

/** Trades the authorization code and the PKCE verifier for an access token at the token endpoint. */
export async function exchangeCode(code: string, verifier: string): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri(),
    client_id: oidcClientId,
  });
  let res: Response;
  try {
    const { token } = await oidcEndpoints();
    res = await fetch(token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
  } catch (err) {
    throw new LoginError('network', err instanceof Error ? err.message : 'token endpoint unreachable');
  }
  const json = (await res.json().catch(() => null)) as { access_token?: unknown; error?: unknown } | null;
  if (res.status >= 500 && !json) throw new LoginError('network', `token endpoint answered ${res.status}`);
  if (!res.ok || typeof json?.access_token !== 'string') {
    throw new LoginError('rejected', `token endpoint answered ${res.status} ${String(json?.error ?? '')}`);
  }
  return json.access_token;
}
