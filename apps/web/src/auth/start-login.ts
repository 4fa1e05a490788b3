import { redirectUri } from '../config';
import { oidcClientId, oidcEndpoints } from './discovery';
import { savePendingLogin, safeReturnPath } from './pending-login';
import { createPkcePair, pkceAvailable, randomUrlSafe } from './pkce';

export class LoginUnavailableError extends Error {}

/** Sends the browser to the issuer's login page (authorization code flow with PKCE S256). */
export async function startLogin(returnTo: string): Promise<void> {
  if (!pkceAvailable()) {
    throw new LoginUnavailableError('Web Crypto is unavailable: open the app via https or 127.0.0.1/localhost');
  }
  let authorization: string;
  try {
    authorization = (await oidcEndpoints()).authorization;
  } catch (err) {
    throw new LoginUnavailableError(err instanceof Error ? err.message : 'the issuer cannot be reached');
  }
  const { verifier, challenge } = await createPkcePair();
  const state = randomUrlSafe(16);
  savePendingLogin({ state, verifier, returnTo: safeReturnPath(returnTo) });

  const url = new URL(authorization);
  url.search = new URLSearchParams({
    client_id: oidcClientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  window.location.assign(url.toString());
}
