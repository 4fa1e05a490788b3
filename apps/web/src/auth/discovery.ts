import { appConfig } from '../config';

/** What the web app needs of the issuer, read from its discovery document. */
export interface OidcEndpoints {
  /** Where the browser is sent to log in (absolute: the issuer's own page). */
  authorization: string;
  /** Where the code is traded for tokens: behind the dev-server proxy when it lives under the issuer. */
  token: string;
  /** RP-initiated logout, when the issuer offers it (Keycloak does). */
  endSession: string | null;
}

/** The client id the issuer knows this app by (the build may name another one). */
export const oidcClientId: string =
  (import.meta.env as unknown as Record<string, string | undefined>).HILFENETZ_OIDC_CLIENT_ID || appConfig.oidcClientId;

/** The dev-server proxy forwards `/oidc/*` to the issuer (same origin: no CORS for fetches). */
const PROXY_PREFIX = '/oidc';

/**
 * An endpoint below the issuer, reached through the proxy; one elsewhere stays as it is. Navigations
 * (login, logout) never need this, fetches (token) do.
 */
export function viaProxy(endpoint: string, issuer: string = appConfig.oidcIssuer): string {
  const base = issuer.replace(/\/$/, '');
  return endpoint === base || endpoint.startsWith(`${base}/`)
    ? `${PROXY_PREFIX}${endpoint.slice(base.length)}`
    : endpoint;
}

let discovered: Promise<OidcEndpoints> | null = null;

/**
 * The issuer's endpoints from `/.well-known/openid-configuration` (fetched once per page load), so
 * the same build logs in against Keycloak (`/protocol/openid-connect/auth`, …) and the local issuer.
 */
export function oidcEndpoints(): Promise<OidcEndpoints> {
  discovered ??= (async () => {
    const res = await fetch(`${PROXY_PREFIX}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`the issuer's discovery document answered ${res.status}`);
    const doc = (await res.json()) as Record<string, unknown>;
    const str = (k: string) => (typeof doc[k] === 'string' ? (doc[k] as string) : null);
    const authorization = str('authorization_endpoint');
    const token = str('token_endpoint');
    if (!authorization || !token) throw new Error('the discovery document names no authorization or token endpoint');
    return { authorization, token: viaProxy(token), endSession: str('end_session_endpoint') };
  })().catch((err: unknown) => {
    discovered = null;
    throw err;
  });
  return discovered;
}
