import {
  addTestWebClient,
  ensureDatabase,
  freePort,
  keycloakAdminFromEnv,
  startSystem,
  startWebDevServer,
  stopSystem,
  type AppProcess,
} from '@hilfenetz/testing';
import path from 'node:path';

declare global {
  var __BROWSER_APPS__: AppProcess[] | undefined;
  var __BROWSER_WEB_CLIENT__: { remove: () => Promise<void> } | undefined;
}

/**
 * The real system for the browser tests (API, worker, projector on `<test db>_browser`, trusting
 * the stack's Keycloak) plus the web app's Vite dev server proxying to them, as `npm start` runs
 * it. People log in on Keycloak's own page, through a copy of the realm's web client that
 * redirects to this run's web server (removed at teardown).
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  await ensureDatabase('browser');
  const system = await startSystem(root, {
    dbSuffix: 'browser',
    label: 'browser',
    // Two browsers and the tests' own API calls write as the same demo users within a minute.
    extraEnv: { API_WRITE_RATE_LIMIT: '1000' },
  });
  globalThis.__BROWSER_APPS__ = [...system.apps];
  try {
    const port = await freePort();
    const webClient = await addTestWebClient(keycloakAdminFromEnv(), 'hilfenetz', `http://127.0.0.1:${port}`);
    globalThis.__BROWSER_WEB_CLIENT__ = webClient;
    const web = await startWebDevServer(root, {
      apiUrl: system.apiUrl,
      issuer: system.issuer,
      clientId: webClient.clientId,
      port,
    });
    globalThis.__BROWSER_APPS__.push(web.app);
    Object.assign(process.env, {
      BROWSER_WEB_URL: web.url,
      BROWSER_API_URL: system.apiUrl,
      BROWSER_OIDC_ISSUER: system.issuer,
      BROWSER_DATABASE_URL: system.databaseUrl,
      BROWSER_KAFKA_TOPIC_PREFIX: system.topicPrefix,
    });
  } catch (err) {
    await stopSystem(globalThis.__BROWSER_APPS__, system.topicPrefix, 'browser');
    await globalThis.__BROWSER_WEB_CLIENT__?.remove();
    throw err;
  }
}
