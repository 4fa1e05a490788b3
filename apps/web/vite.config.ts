import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

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

/**
 * The installable app (docs/adr/0026): a manifest and a Workbox service worker that precaches the
 * app shell (the built scripts, styles, icons and index.html for every route), so the app opens
 * without a network. API answers are never cached by the worker: they hold personal data, and the
 * pages keep their last-known state encrypted in IndexedDB instead (src/offline/). The dev server
 * registers no worker, so `npm start` behaves as before.
 */
const pwa = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: 'script',
  manifest: {
    id: '/',
    name: 'hilfenetz – Krisenkoordination',
    short_name: 'hilfenetz',
    description: 'Krisen um Kinder und Jugendliche gemeinsam koordinieren: Jugendamt, Klinik, Träger, Leitstelle.',
    lang: 'de',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b4f8a',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
    navigateFallback: '/index.html',
    // The API and the issuer are never answered from the shell: a login redirect or a JSON call
    // must reach the network (or fail, and the page says it is offline).
    navigateFallbackDenylist: [/^\/api\//, /^\/oidc\//],
    runtimeCaching: [],
    cleanupOutdatedCaches: true,
    // Background Sync: the worker only wakes the open page, which holds the session's key and token.
    importScripts: ['/offline-sync.js'],
  },
});

export default defineConfig({
  plugins: [pwa],
  define: {
    // The issuer is public (the login page lives there); nothing else from the environment reaches the client.
    'import.meta.env.HILFENETZ_OIDC_ISSUER': JSON.stringify(oidcIssuer),
    'import.meta.env.HILFENETZ_OIDC_CLIENT_ID': JSON.stringify(oidcClientId),
    // Where the token carries roles and organisation, as the API reads them (libs/config), for display.
    'import.meta.env.HILFENETZ_OIDC_ROLES_CLAIM': JSON.stringify(process.env.OIDC_ROLES_CLAIM ?? ''),
    'import.meta.env.HILFENETZ_OIDC_ORGANISATION_CLAIM': JSON.stringify(process.env.OIDC_ORGANISATION_CLAIM ?? ''),
    'import.meta.env.HILFENETZ_OIDC_ORGANISATION_GROUP_PREFIX': JSON.stringify(
      process.env.OIDC_ORGANISATION_GROUP_PREFIX ?? '',
    ),
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
