import { redirectUri } from '../config';
import { completeLogin } from './complete-login';
import { oidcClientId, oidcEndpoints } from './discovery';
import { savePendingLogin, safeReturnPath } from './pending-login';
import { createPkcePair, pkceAvailable, randomUrlSafe } from './pkce';
import { sessionStore } from './session-store';

export class LoginUnavailableError extends Error {}

/** The state of a login in a popup starts with this: its /callback hands the code back to the opener. */
export const POPUP_STATE_PREFIX = 'popup.';
/** Same-origin channel from the popup's /callback to the page that opened it. */
export const POPUP_CHANNEL = 'hilfenetz.login';

export interface PopupLoginMessage {
  type: 'hilfenetz.login.callback';
  /** The callback's query: code and state (the code is worth nothing without the opener's PKCE verifier). */
  search: string;
}

/** The issuer's login URL for a new authorization code + PKCE S256 request (its verifier saved in this tab). */
async function authorizationUrl(returnTo: string, statePrefix = ''): Promise<{ url: string; state: string }> {
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
  const state = statePrefix + randomUrlSafe(16);
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
  return { url: url.toString(), state };
}

/** Sends the browser to the issuer's login page (authorization code flow with PKCE S256). */
export async function startLogin(returnTo: string): Promise<void> {
  window.location.assign((await authorizationUrl(returnTo)).url);
}

export class PopupBlockedError extends Error {}

/**
 * Logs in again in a popup while the page stays as it is (a form keeps what was typed): the popup
 * goes to the issuer's login page, its /callback hands code and state back over a same-origin
 * BroadcastChannel, and this tab exchanges the code with its own PKCE verifier. Resolves when the
 * new session is stored; a different user than before starts over on the start page.
 */
export async function loginInPopup(): Promise<void> {
  // Opened at once, within the click, or the browser blocks it; the address follows.
  const popup = window.open('about:blank', 'hilfenetz-login', 'popup,width=520,height=720');
  if (!popup) throw new PopupBlockedError('the browser blocked the login window');
  const before = sessionStore.get()?.claims.subject;
  const channel = new BroadcastChannel(POPUP_CHANNEL);
  let watch: ReturnType<typeof setInterval> | undefined;
  try {
    const { url, state } = await authorizationUrl(
      window.location.pathname + window.location.search,
      POPUP_STATE_PREFIX,
    );
    const search = new Promise<string>((resolve, reject) => {
      channel.onmessage = (e: MessageEvent<PopupLoginMessage>) => {
        if (e.data?.type !== 'hilfenetz.login.callback') return;
        if (new URLSearchParams(e.data.search).get('state') === state) resolve(e.data.search);
      };
      watch = setInterval(() => {
        if (!popup.closed) return;
        clearInterval(watch);
        // The channel's message may still be on its way when the popup closes itself.
        setTimeout(() => reject(new Error('the login window was closed')), 1_000);
      }, 500);
    });
    popup.location.href = url;
    await completeLogin(await search);
  } catch (err) {
    if (!popup.closed) popup.close();
    throw err;
  } finally {
    clearInterval(watch);
    channel.close();
  }
  const after = sessionStore.get()?.claims.subject;
  if (before && after !== before) window.location.assign('/');
}
