import { freePort, startApp, waitForHttpOk, type AppProcess } from '@hilfenetz/testing';
import path from 'node:path';
import { e2eStack } from './e2e-stack';

const root = path.resolve(__dirname, '..', '..', '..');

/**
 * An API process of a test's own, beside the e2e system's, on its database, topics, task queue and
 * issuer, with `overrides` (a small limit, a relay in front of a dependency): answered once ready.
 * Quiet by default: it shares var/log/test-api.log with the main API, whose lines the logging test reads.
 */
export async function startOwnApi(overrides: NodeJS.ProcessEnv = {}): Promise<{ api: AppProcess; apiUrl: string }> {
  const stack = e2eStack();
  const port = await freePort();
  const api = startApp(root, 'api', {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: stack.databaseUrl,
    KAFKA_TOPIC_PREFIX: stack.topicPrefix,
    TEMPORAL_TASK_QUEUE: process.env.E2E_TASK_QUEUE,
    OIDC_ISSUER: stack.issuer,
    API_PORT: String(port),
    LOG_LEVEL: 'error',
    ...overrides,
  });
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${apiUrl}/ready`, api);
  return { api, apiUrl };
}
