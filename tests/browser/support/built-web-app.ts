import {
  addTestWebClient,
  freePort,
  keycloakAdminFromEnv,
  stopApp,
  waitForHttpOk,
  type AppProcess,
} from '@hilfenetz/testing';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserStack } from './browser';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const VITE = path.join(ROOT, 'node_modules/vite/bin/vite.js');

export interface BuiltWebApp {
  url: string;
  stop: () => Promise<void>;
}

/**
 * The web app as production ships it: `vite build` (the same as `npm run build:web`, with its
 * manifest and Workbox service worker) into a directory of its own, served as static files by
 * `vite preview` with the same `/api` and `/oidc` proxy Caddy provides in production. The dev
 * server the other browser tests use registers no service worker, so the installable app, its
 * precached shell and Background Sync are only real here (docs/adr/0026). The build carries the
 * issuer and a Keycloak web client whose redirect URI is this server's origin.
 */
export async function startBuiltWebApp(): Promise<BuiltWebApp> {
  const { apiUrl, issuer } = browserStack();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const client = await addTestWebClient(keycloakAdminFromEnv(), 'hilfenetz', origin);
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'hilfenetz-web-built-'));
  const env = {
    ...process.env,
    HILFENETZ_API_URL: apiUrl,
    HILFENETZ_OIDC_ISSUER: issuer,
    HILFENETZ_OIDC_CLIENT_ID: client.clientId,
  };
  let app: AppProcess | undefined;
  try {
    const build = spawnSync(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir'], {
      cwd: path.join(ROOT, 'apps/web'),
      env,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
    const logDir = path.join(ROOT, 'var', 'log');
    mkdirSync(logDir, { recursive: true });
    const logFile = path.join(logDir, 'test-web-built.log');
    const out = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      [VITE, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
      { cwd: path.join(ROOT, 'apps/web'), env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    app = { name: 'web-built', child, logFile };
    await waitForHttpOk(`${origin}/sw.js`, app, 60_000);
  } catch (err) {
    if (app) await stopApp(app);
    await client.remove();
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
  const running = app;
  return {
    url: origin,
    stop: async () => {
      try {
        await stopApp(running);
        await client.remove();
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    },
  };
}
