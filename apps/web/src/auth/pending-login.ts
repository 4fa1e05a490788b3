/**
 * What the browser must remember between leaving for the issuer and coming back to /callback:
 * the state (against forged callbacks), the PKCE verifier and the page to return to.
 */
export interface PendingLogin {
  state: string;
  verifier: string;
  returnTo: string;
}

const KEY = 'hilfenetz.oidc.pending';

export function savePendingLogin(pending: PendingLogin): void {
  sessionStorage.setItem(KEY, JSON.stringify(pending));
}

/** Reads and forgets the pending login: a verifier is good for one exchange only. */
export function takePendingLogin(): PendingLogin | null {
  const raw = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<PendingLogin>;
    if (typeof value.state !== 'string' || typeof value.verifier !== 'string') return null;
    return { state: value.state, verifier: value.verifier, returnTo: safeReturnPath(value.returnTo) };
  } catch {
    return null;
  }
}

/** Only paths of this app, never another origin (`//evil.example` included). */
export function safeReturnPath(path: unknown): string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
