import { createKafka, ensureTopics } from '@hilfenetz/event-bus';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, startApp, stopApp, waitForHttpOk, waitForOutput, type AppProcess } from './app-processes';
import { resetDatabase } from './database';
import { startSmsGatewayProcess } from './sms-gateway';
import { testEnv } from './test-env';

/** The real system as black-box tests see it: our apps as processes on their own data. */
export interface RunningSystem {
  apps: AppProcess[];
  apiUrl: string;
  issuer: string;
  databaseUrl: string;
  topicPrefix: string;
  taskQueue: string;
  /** This system's own SMS/voice gateway (apps/sms-gateway): page at `/`, list at `/api/messages`. */
  gatewayUrl: string;
  /** The secret the gateway signs receipts with and the API verifies them by. */
  gatewaySecret: string;
  /** Mailpit, which catches the apps' e-mail (shared by the whole test run); unset with an external SMTP_URL. */
  mailpitUrl: string | undefined;
  /** With `metrics: true`: each app's `/metrics` URL and the bearer token they share. */
  metrics?: { api: string; worker: string; projector: string; token: string };
}

/** `<db>` → `<db>_<suffix>` in a Postgres URL. */
export const withDatabaseSuffix = (url: string, suffix: string): string =>
  url.replace(/\/([^/?]+)(\?|$)/, `/$1_${suffix}$2`);

/**
 * Creates `<test db>_<suffix>` when it is missing (as the superuser, owned by the schema owner).
 * `npm test` creates the integration and e2e databases itself; other suites make their own here.
 */
export async function ensureDatabase(suffix: string): Promise<void> {
  const env = testEnv();
  if (!env.adminUrl) return; // An external database: it must exist already.
  const target = new URL(withDatabaseSuffix(env.migrationUrl, suffix));
  const name = target.pathname.slice(1);
  const owner = decodeURIComponent(target.username);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name) || !/^[a-z_][a-z0-9_]{0,62}$/.test(owner)) {
    throw new Error(`unexpected database or owner name: ${name} / ${owner}`);
  }
  const admin = new Client({ connectionString: env.adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name} OWNER ${owner}`);
  } catch (err) {
    // Two suites creating it at once: the other one won.
    if (!/already exists/.test(String(err))) throw err;
  } finally {
    await admin.end();
  }
}

/**
 * The issuer of the tests: the realm `hilfenetz` of the stack's Keycloak, which `npm test` starts
 * and names in KEYCLOAK_ISSUER (docs/adr/0021).
 */
export function testIssuer(): string {
  const issuer = process.env.KEYCLOAK_ISSUER;
  if (!issuer) throw new Error('KEYCLOAK_ISSUER missing: run the tests through npm test (it starts Keycloak)');
  return issuer;
}

/**
 * Starts the API, the worker, the projector and an SMS/voice gateway as separate processes,
 * trusting the stack's Keycloak, on the database `<test db>_<dbSuffix>` (reset and migrated) and
 * their own topics and task queue. E-mail goes to the run's Mailpit (`SMTP_URL` of `npm test`).
 */
export async function startSystem(
  root: string,
  opts: { dbSuffix: string; label: string; extraEnv?: NodeJS.ProcessEnv; metrics?: boolean },
): Promise<RunningSystem> {
  const env = testEnv();
  const run = randomBytes(4).toString('hex');
  const databaseUrl = withDatabaseSuffix(env.databaseUrl, opts.dbSuffix);
  await resetDatabase(withDatabaseSuffix(env.migrationUrl, opts.dbSuffix));
  const topicPrefix = `${opts.label}-${run}-`;
  await ensureTopics(
    createKafka({ brokers: env.kafkaBrokers, clientId: `hilfenetz-${opts.label}-setup` }),
    topicPrefix,
  );

  const apiPort = await freePort();
  const issuer = testIssuer();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const taskQueue = `hilfenetz-${opts.label}-${run}`;
  // Its own gateway, so a system's messages and receipts never mix with another suite's.
  const gateway = await startSmsGatewayProcess(root);
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_PORT: String(apiPort),
    OIDC_ISSUER: issuer,
    RELAY_POLL_INTERVAL_MS: '100',
    SMS_GATEWAY_URL: gateway.messagesUrl,
    SMS_GATEWAY_SECRET: gateway.secret,
    NOTIFICATION_RECEIPT_URL: `${apiUrl}/notifications/gateway-receipts`,
    ...opts.extraEnv,
  };
  const names = ['api', 'worker', 'projector'] as const;
  const metricsToken = randomBytes(24).toString('hex');
  const metricsPorts = opts.metrics ? await Promise.all(names.map(() => freePort())) : undefined;
  const started = names.map((name, i) =>
    startApp(
      root,
      name,
      metricsPorts ? { ...appEnv, METRICS_PORT: String(metricsPorts[i]), METRICS_TOKEN: metricsToken } : appEnv,
    ),
  );
  const [api, worker, projector] = started as [AppProcess, AppProcess, AppProcess];
  const apps = [...started, gateway.app];
  try {
    // Subscribe before the apps can print their ready lines, then wait for all of them together.
    await Promise.all([
      waitForOutput(worker, 'worker polling'),
      waitForOutput(projector, 'projector running'),
      waitForHttpOk(`${apiUrl}/ready`, api),
    ]);
  } catch (err) {
    await Promise.all(apps.map((a) => stopApp(a)));
    throw err;
  }
  return {
    apps,
    apiUrl,
    issuer,
    databaseUrl,
    topicPrefix,
    taskQueue,
    gatewayUrl: gateway.url,
    gatewaySecret: gateway.secret,
    mailpitUrl: appEnv.MAILPIT_URL || undefined,
    ...(metricsPorts
      ? {
          metrics: {
            api: `http://127.0.0.1:${metricsPorts[0]}/metrics`,
            worker: `http://127.0.0.1:${metricsPorts[1]}/metrics`,
            projector: `http://127.0.0.1:${metricsPorts[2]}/metrics`,
            token: metricsToken,
          },
        }
      : {}),
  };
}

/** Stops the apps and deletes the topics a `startSystem` made. */
export async function stopSystem(apps: AppProcess[], topicPrefix: string | undefined, label: string): Promise<void> {
  await Promise.all(apps.map((a) => stopApp(a)));
  if (!topicPrefix) return;
  const admin = createKafka({ brokers: testEnv().kafkaBrokers, clientId: `hilfenetz-${label}-teardown` }).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
    if (mine.length) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}

/**
 * The web app's Vite dev server on a free port (or `port`), proxying `/api` and `/oidc` to the
 * given API and issuer, as `npm start` runs it, logging in as `clientId` (default hilfenetz-web).
 * Logs to var/log/test-web.log.
 */
export async function startWebDevServer(
  root: string,
  opts: { apiUrl: string; issuer: string; clientId?: string; port?: number },
): Promise<{ app: AppProcess; url: string }> {
  const port = opts.port ?? (await freePort());
  const logDir = path.join(root, 'var', 'log');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'test-web.log');
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    {
      cwd: path.join(root, 'apps/web'),
      env: {
        ...process.env,
        HILFENETZ_API_URL: opts.apiUrl,
        HILFENETZ_OIDC_ISSUER: opts.issuer,
        ...(opts.clientId ? { HILFENETZ_OIDC_CLIENT_ID: opts.clientId } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const app: AppProcess = { name: 'web', child, logFile };
  const url = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${url}/`, app, 60_000);
  return { app, url };
}
