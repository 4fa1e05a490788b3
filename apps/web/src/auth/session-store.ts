import { decodeTokenClaims, type TokenClaims } from './token-claims';

/** The logged-in user's access token and what the UI reads from it. */
export interface Session {
  accessToken: string;
  claims: TokenClaims;
}

/** sessionStorage: the token lives as long as the tab and is not shared with other tabs. */
const KEY = 'hilfenetz.session.accessToken';

type Listener = () => void;
const listeners = new Set<Listener>();

function read(): Session | null {
  const accessToken = sessionStorage.getItem(KEY);
  if (!accessToken) return null;
  const claims = decodeTokenClaims(accessToken);
  if (!claims || (claims.expiresAt !== null && claims.expiresAt <= Date.now())) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return { accessToken, claims };
}

// One snapshot object per change, as useSyncExternalStore requires.
let current: Session | null = read();

function publish(): void {
  for (const listener of listeners) listener();
}

export const sessionStore = {
  get: (): Session | null => current,

  signIn(accessToken: string): void {
    const claims = decodeTokenClaims(accessToken);
    if (!claims) throw new Error('the issuer returned an access token without the expected claims');
    sessionStorage.setItem(KEY, accessToken);
    current = { accessToken, claims };
    publish();
  },

  signOut(): void {
    sessionStorage.removeItem(KEY);
    current = null;
    publish();
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
