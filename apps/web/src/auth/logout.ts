import { oidcClientId, oidcEndpoints } from './discovery';
import { offlineActions } from '../offline/offline-actions';
import { sessionStore } from './session-store';

/**
 * Abmelden: forgets the tokens here and ends the session at the issuer too (RP-initiated logout at
 * the discovered `end_session_endpoint`), which revokes the refresh token; the issuer sends the
 * browser back to the app's start page. With the ID token as `id_token_hint` Keycloak logs out
 * without asking; without one it names the client and asks for confirmation. An issuer without the
 * endpoint (or unreachable) leaves only the local logout. Queued actions not yet sent are deleted
 * too: they are never sent under another login.
 */
export async function logout(): Promise<void> {
  const idToken = sessionStore.tokens()?.idToken ?? null;
  let endSession: string | null = null;
  try {
    endSession = (await oidcEndpoints()).endSession;
  } catch {
    endSession = null;
  }
  // What this device kept for offline use (pages, queued actions, the key) goes with the login.
  await offlineActions.wipe();
  sessionStore.signOut();
  if (!endSession) {
    window.location.assign('/');
    return;
  }
  const url = new URL(endSession);
  url.searchParams.set('post_logout_redirect_uri', `${window.location.origin}/`);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  else url.searchParams.set('client_id', oidcClientId);
  window.location.assign(url.toString());
}
