import { defineConfig } from 'vite';

/**
 * Dev server and build for the web app. The browser only ever talks to this origin: `/api/*`
 * goes to the API and `/oidc/*` to the OpenID Connect issuer (its discovery document and token
 * endpoint, which may lie below a path such as Keycloak's `/realms/<realm>`), so neither needs
 * CORS. The stack script (infra/dev/hilfenetz-dev.mjs) passes both URLs in.
 */
const apiUrl = process.env.HILFENETZ_API_URL ?? 'http://127.0.0.1:3000';
// Default: the local stack's Keycloak on port set 0 (npm start passes the checkout's own).
const oidcIssuer = (process.env.HILFENETZ_OIDC_ISSUER ?? 'http://127.0.0.1:18080/realms/hilfenetz').replace(/\/$/, '');
/** The client id the issuer knows the web app by (Keycloak realm hilfenetz: hilfenetz-web). */
const oidcClientId = process.env.HILFENETZ_OIDC_CLIENT_ID ?? 'hilfenetz-web';

export default defineConfig({
  define: {
    // The issuer is public (the login page lives there); nothing else from the environment reaches the client.
    'import.meta.env.HILFENETZ_OIDC_ISSUER': JSON.stringify(oidcIssuer),
    'import.meta.env.HILFENETZ_OIDC_CLIENT_ID': JSON.stringify(oidcClientId),
    // Where the token carries roles and organisation, as the API reads them (libs/config), for display.
    'import.meta.env.HILFENETZ_OIDC_ROLES_CLAIM': JSON.stringify(process.env.OIDC_ROLES_CLAIM ?? ''),
    'import.meta.env.HILFENETZ_OIDC_ORGANISATION_CLAIM': JSON.stringify(process.env.OIDC_ORGANISATION_CLAIM ?? ''),
  },
  server: {
    proxy: {
      '/api/': { target: apiUrl, changeOrigin: true, rewrite: (path) => path.replace(/^\/api/, '') },
      '/oidc/': { target: oidcIssuer, changeOrigin: true, rewrite: (path) => path.replace(/^\/oidc/, '') },
    },
  },
  // No source maps in the build: they would hand anyone the full client source with its comments.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
