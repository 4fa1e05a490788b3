/** Where the web app finds the login and the API. Everything else is decided by the server. */
export const appConfig = {
  /** The issuer's public URL: the browser navigates there to log in. */
  oidcIssuer: import.meta.env.HILFENETZ_OIDC_ISSUER,
  oidcClientId: 'hilfenetz-web',
  /** Token endpoint behind the dev-server proxy (same origin, so no CORS). */
  oidcTokenEndpoint: '/oidc/token',
  callbackPath: '/callback',
  /** API behind the dev-server proxy. */
  apiBasePath: '/api',
} as const;

export const redirectUri = (): string => `${window.location.origin}${appConfig.callbackPath}`;
