import { decodeTokenClaims, tokenExpiry, type TokenClaims } from './token-claims';

/** What the token endpoint hands out: the access token, and with Keycloak a refresh and an ID token. */
export interface TokenSet {
  accessToken: string;
  /** For the silent refresh before the access token expires (`refresh_token` grant). */
  refreshToken: string | null;
  /** For the logout at the issuer (`id_token_hint`). */
  idToken: string | null;
}

/** The logged-in user's access token and what the UI reads from it. */
export interface Session {
  accessToken: string;
  claims: TokenClaims;
  /**
   * The issuer ended the session (the refresh was refused, or the API answered 401). The page stays
   * as it is, with what was typed, and offers to log in again; no API call is made meanwhile.
   */
  ended: boolean;
}

/** sessionStorage: tokens live as long as the tab and are not shared with other tabs (never localStorage). */
const KEYS = {
  accessToken: 'hilfenetz.session.accessToken',
  refreshToken: 'hilfenetz.session.refreshToken',
  idToken: 'hilfenetz.session.idToken',
} as const;

type Listener = () => void;
const listeners = new Set<Listener>();

function clearStorage(): void {
  for (const key of Object.values(KEYS)) sessionStorage.removeItem(key);
}

function readTokens(): TokenSet | null {
  const accessToken = sessionStorage.getItem(KEYS.accessToken);
  if (!accessToken) return null;
  return {
    accessToken,
    refreshToken: sessionStorage.getItem(KEYS.refreshToken),
    idToken: sessionStorage.getItem(KEYS.idToken),
  };
}

/**
 * The session at page load. An expired access token is kept only while its refresh token is still
 * good: the session keeper refreshes it before the first API call goes out.
 */
function read(): Session | null {
  const tokens = readTokens();
  const claims = tokens && decodeTokenClaims(tokens.accessToken);
  const now = Date.now();
  const expired = (at: number | null) => at !== null && at <= now;
  const usable =
    tokens &&
    claims &&
    (!expired(claims.expiresAt) || (tokens.refreshToken !== null && !expired(tokenExpiry(tokens.refreshToken))));
  if (!usable) {
    clearStorage();
    return null;
  }
  return { accessToken: tokens.accessToken, claims, ended: false };
}

// One snapshot object per change, as useSyncExternalStore requires.
let current: Session | null = read();

function publish(): void {
  for (const listener of listeners) listener();
}

export const sessionStore = {
  get: (): Session | null => current,

  /** The tokens of a live session (refresh and ID token included); null when logged out or ended. */
  tokens: (): TokenSet | null => (current && !current.ended ? readTokens() : null),

  /** After the code exchange or a refresh: the new tokens replace the old ones (and end an `ended`). */
  signIn(tokens: TokenSet): void {
    const claims = decodeTokenClaims(tokens.accessToken);
    if (!claims) throw new Error('the issuer returned an access token without the expected claims');
    sessionStorage.setItem(KEYS.accessToken, tokens.accessToken);
    if (tokens.refreshToken) sessionStorage.setItem(KEYS.refreshToken, tokens.refreshToken);
    else sessionStorage.removeItem(KEYS.refreshToken);
    if (tokens.idToken) sessionStorage.setItem(KEYS.idToken, tokens.idToken);
    else sessionStorage.removeItem(KEYS.idToken);
    current = { accessToken: tokens.accessToken, claims, ended: false };
    publish();
  },

  /**
   * The issuer no longer knows this session: the tokens are forgotten, but the page stays with its
   * claims (name, roles) so a form keeps what was typed until the user logs in again.
   */
  end(): void {
    if (!current || current.ended) return;
    clearStorage();
    current = { ...current, ended: true };
    publish();
  },

  signOut(): void {
    clearStorage();
    current = null;
    publish();
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
