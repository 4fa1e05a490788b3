import { redirectUri } from '../config';
import { oidcClientId } from './discovery';
import { postTokenRequest, type TokenEndpointAnswer } from './token-endpoint';
import type { TokenSet } from './session-store';

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

/**
 * Trades the authorization code and the PKCE verifier for tokens at the token endpoint: the access
 * token, and (Keycloak) the refresh token for the silent refresh and the ID token for the logout.
 */
export async function exchangeCode(code: string, verifier: string): Promise<TokenSet> {
  let answer: TokenEndpointAnswer;
  try {
    answer = await postTokenRequest({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri(),
      client_id: oidcClientId,
    });
  } catch (err) {
    throw new LoginError('network', err instanceof Error ? err.message : 'token endpoint unreachable');
  }
  const { res, json } = answer;
  if (res.status >= 500 && !json) throw new LoginError('network', `token endpoint answered ${res.status}`);
  if (!res.ok || typeof json?.access_token !== 'string') {
    throw new LoginError('rejected', `token endpoint answered ${res.status} ${String(json?.error ?? '')}`);
  }
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : null,
    idToken: typeof json.id_token === 'string' ? json.id_token : null,
  };
}
