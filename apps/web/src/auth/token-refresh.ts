import { oidcClientId } from './discovery';
import { postTokenRequest, type TokenEndpointAnswer } from './token-endpoint';
import { sessionStore } from './session-store';

/** The refresh runs when this share of the access token's lifetime has passed. */
const REFRESH_AT_SHARE = 0.8;
/** A token with less than this left is refreshed before it is sent. */
const MIN_REMAINING_MS = 5_000;
/** After a refresh that did not reach the issuer (network), the next try. */
const RETRY_MS = 10_000;

type Outcome = 'refreshed' | 'ended' | 'unreachable';

let inFlight: Promise<Outcome> | null = null;

/**
 * One `refresh_token` grant at the discovered token endpoint (through the same `/oidc` proxy as
 * the code exchange); concurrent callers share it. A refusal by the issuer (session ended at
 * Keycloak, refresh token expired or revoked: `invalid_grant`) ends the session; a network failure
 * does not: the access token may still be good, and the next try comes.
 */
export function refreshSession(): Promise<Outcome> {
  inFlight ??= run().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function run(): Promise<Outcome> {
  const tokens = sessionStore.tokens();
  if (!tokens) return 'ended';
  if (!tokens.refreshToken) {
    sessionStore.end();
    return 'ended';
  }
  let answer: TokenEndpointAnswer;
  try {
    answer = await postTokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
      client_id: oidcClientId,
    });
  } catch {
    return 'unreachable';
  }
  const { res, json } = answer;
  if (res.status >= 500 || (!res.ok && !json)) return 'unreachable';
  // Logged out meanwhile (another caller's refresh ended it, or Abmelden): nothing to store.
  if (sessionStore.tokens()?.refreshToken !== tokens.refreshToken) return sessionStore.tokens() ? 'refreshed' : 'ended';
  if (!res.ok || typeof json?.access_token !== 'string') {
    sessionStore.end();
    return 'ended';
  }
  sessionStore.signIn({
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : tokens.refreshToken,
    idToken: typeof json.id_token === 'string' ? json.id_token : tokens.idToken,
  });
  return 'refreshed';
}

/**
 * The access token to send: refreshed first when it has (almost) expired, e.g. after the tab slept.
 * Null when there is no live session (logged out, or ended: the banner asks to log in again).
 */
export async function freshAccessToken(): Promise<string | null> {
  const session = sessionStore.get();
  if (!session || session.ended) return null;
  const { expiresAt } = session.claims;
  if (expiresAt !== null && expiresAt - Date.now() < MIN_REMAINING_MS) await refreshSession();
  const after = sessionStore.get();
  return after && !after.ended ? after.accessToken : null;
}

/**
 * The API refused a token (401): one refresh, and the caller retries once with the new token.
 * Without one the session has ended (the banner appears); returns the token to retry with.
 */
export async function afterUnauthorized(refusedToken: string): Promise<string | null> {
  const session = sessionStore.get();
  if (!session || session.ended) return null;
  // Another call refreshed meanwhile: retry with its token.
  if (session.accessToken !== refusedToken) return session.accessToken;
  if ((await refreshSession()) !== 'refreshed') {
    sessionStore.end();
    return null;
  }
  return sessionStore.get()?.accessToken ?? null;
}

/** When the access token in the store should be refreshed (epoch ms), or null if it has no expiry. */
function refreshDueAt(): number | null {
  const session = sessionStore.get();
  if (!session || session.ended) return null;
  const { expiresAt, issuedAt } = session.claims;
  if (expiresAt === null) return null;
  const from = issuedAt ?? Date.now();
  return from + Math.max(0, expiresAt - from) * REFRESH_AT_SHARE;
}

/**
 * Keeps the session fresh while the app shell is mounted: refreshes at 80 % of the access token's
 * lifetime, and at once when the tab comes back (focus, visible, online) past that point, as
 * background tabs' timers are throttled. Returns the stop function.
 */
export function keepSessionFresh(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let scheduledFor: string | null = null;

  const refreshIfDue = () => {
    const due = refreshDueAt();
    if (due === null || Date.now() < due) return;
    void refreshSession().then((outcome) => {
      if (outcome === 'unreachable') {
        clearTimeout(timer);
        timer = setTimeout(refreshIfDue, RETRY_MS);
      }
    });
  };

  const schedule = () => {
    const session = sessionStore.get();
    const token = session && !session.ended ? session.accessToken : null;
    if (token === scheduledFor) return;
    scheduledFor = token;
    clearTimeout(timer);
    const due = refreshDueAt();
    if (due === null) return;
    timer = setTimeout(refreshIfDue, Math.max(0, due - Date.now()));
  };

  const onWake = () => {
    if (document.visibilityState === 'visible') refreshIfDue();
  };

  const unsubscribe = sessionStore.subscribe(schedule);
  document.addEventListener('visibilitychange', onWake);
  window.addEventListener('focus', onWake);
  window.addEventListener('online', onWake);
  schedule();
  return () => {
    unsubscribe();
    document.removeEventListener('visibilitychange', onWake);
    window.removeEventListener('focus', onWake);
    window.removeEventListener('online', onWake);
    clearTimeout(timer);
  };
}
