import { ensureDatabase, startSystem, startWebDevServer, stopSystem, type AppProcess } from '@hilfenetz/testing';
import path from 'node:path';

declare global {
  var __BROWSER_APPS__: AppProcess[] | undefined;
}

/**
 * The real system for the browser tests (issuer, API, worker, projector on `<test db>_browser`)
 * plus the web app's Vite dev server proxying to them, as `npm start` runs it.
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
    const web = await startWebDevServer(root, { apiUrl: system.apiUrl, issuer: system.issuer });
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
    throw err;
  }
}
