import { exchangeCode, LoginError } from './code-exchange';
import { takePendingLogin } from './pending-login';
import { sessionStore } from './session-store';

// A code can be exchanged once. React's StrictMode runs effects twice in development, so the
// exchange for a given callback URL is started once and its promise shared.
const inFlight = new Map<string, Promise<string>>();

/**
 * Finishes the login on /callback: checks the state, exchanges the code, stores the token.
 * Resolves with the path to go back to.
 */
export function completeLogin(search: string): Promise<string> {
  let promise = inFlight.get(search);
  if (!promise) {
    promise = run(search);
    inFlight.set(search, promise);
  }
  return promise;
}

async function run(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  if (params.get('error')) throw new LoginError('denied', `issuer returned ${params.get('error')}`);
  const code = params.get('code');
  const pending = takePendingLogin();
  if (!code || !pending || pending.state !== params.get('state')) {
    throw new LoginError('state_mismatch', 'callback without a matching login request');
  }
  sessionStore.signIn(await exchangeCode(code, pending.verifier));
  return pending.returnTo;
}
