import { createKafka, ensureTopics } from '@hilfenetz/event-bus';
import {
  freePort,
  resetDatabase,
  startApp,
  testEnv,
  waitForHttpOk,
  waitForOutput,
  type AppProcess,
} from '@hilfenetz/testing';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

declare global {
  var __E2E_APPS__: AppProcess[] | undefined;
}

/**
 * Starts the real system for black-box tests: the local OIDC issuer, the API, the worker and the
 * projector as separate processes, on their own database, topics and task queue.
 */
export default async function globalSetup(): Promise<void> {
  const env = testEnv();
  const root = path.resolve(__dirname, '..', '..', '..');
  const run = randomBytes(4).toString('hex');
  // The e2e database sits beside the integration one (`<test db>_e2e`), created by `npm test`.
  const toE2e = (url: string) => url.replace(/\/([^/?]+)(\?|$)/, '/$1_e2e$2');
  const databaseUrl = toE2e(env.databaseUrl);
  await resetDatabase(toE2e(env.migrationUrl));
  const topicPrefix = `e2e-${run}-`;
  await ensureTopics(createKafka({ brokers: env.kafkaBrokers, clientId: 'hilfenetz-e2e-setup' }), topicPrefix);

  const [apiPort, identityPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${identityPort}`;
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    TEMPORAL_TASK_QUEUE: `hilfenetz-e2e-${run}`,
    API_PORT: String(apiPort),
    IDENTITY_PORT: String(identityPort),
    OIDC_ISSUER: issuer,
    RELAY_POLL_INTERVAL_MS: '100',
  };
  const [identity, api, worker, projector] = ['identity', 'api', 'worker', 'projector'].map((name) =>
    startApp(root, name, appEnv),
  ) as [AppProcess, AppProcess, AppProcess, AppProcess];
  globalThis.__E2E_APPS__ = [identity, api, worker, projector];
  // Subscribe before the apps can print their ready lines, then wait for all of them together.
  await Promise.all([
    waitForOutput(worker, 'worker polling'),
    waitForOutput(projector, 'projector running'),
    waitForHttpOk(`${issuer}/.well-known/openid-configuration`, identity),
    waitForHttpOk(`http://127.0.0.1:${apiPort}/ready`, api),
  ]);

  Object.assign(process.env, {
    E2E_API_URL: `http://127.0.0.1:${apiPort}`,
    E2E_OIDC_ISSUER: issuer,
    E2E_DATABASE_URL: databaseUrl,
    E2E_KAFKA_TOPIC_PREFIX: topicPrefix,
    E2E_TASK_QUEUE: appEnv.TEMPORAL_TASK_QUEUE,
  });
}
