import {
  addTestSigningKey,
  keycloakAdminFromEnv,
  removeTestSigningKey,
  shareTestSigningKey,
  startSystem,
  type AppProcess,
  type TestSigningKey,
} from '@hilfenetz/testing';
import path from 'node:path';

declare global {
  var __E2E_APPS__: AppProcess[] | undefined;
  var __E2E_SIGNING_KEY__: TestSigningKey | undefined;
}

/**
 * Starts the real system for black-box tests: the API, the worker and the projector as separate
 * processes, on their own database (`<test db>_e2e`, created by `npm test`), topics and task
 * queue, trusting the stack's Keycloak (realm hilfenetz). Adds the run's test signing key to the
 * realm, with which the attack suites sign the tokens no issuer would hand out (docs/adr/0021).
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  // Before the API starts, so that its first key set already holds the test key.
  const admin = keycloakAdminFromEnv();
  const key = await addTestSigningKey(admin, 'hilfenetz');
  globalThis.__E2E_SIGNING_KEY__ = key;
  shareTestSigningKey(key);
  // With each app's metrics port, as an operator runs them (tests/e2e/metrics.e2e.test.ts). The
  // suites share a few users, and the per-user write limit (60 a minute by default, counted in
  // Postgres across API instances) is a fact of their timing, not of what they test: a CI run met it
  // with five suites' triggers answered 429. Its own e2e test runs an API with a limit of its own.
  const system = await startSystem(root, {
    dbSuffix: 'e2e',
    label: 'e2e',
    metrics: true,
    extraEnv: { API_WRITE_RATE_LIMIT: '1000' },
  }).catch(async (err: unknown) => {
    await removeTestSigningKey(admin, 'hilfenetz', key.componentId);
    throw err;
  });
  globalThis.__E2E_APPS__ = system.apps;
  Object.assign(process.env, {
    E2E_API_URL: system.apiUrl,
    E2E_OIDC_ISSUER: system.issuer,
    E2E_DATABASE_URL: system.databaseUrl,
    E2E_KAFKA_TOPIC_PREFIX: system.topicPrefix,
    E2E_TASK_QUEUE: system.taskQueue,
    E2E_SMS_GATEWAY_URL: system.gatewayUrl,
    E2E_SMS_GATEWAY_SECRET: system.gatewaySecret,
    E2E_MAILPIT_URL: system.mailpitUrl ?? '',
    E2E_METRICS_API_URL: system.metrics?.api ?? '',
    E2E_METRICS_WORKER_URL: system.metrics?.worker ?? '',
    E2E_METRICS_PROJECTOR_URL: system.metrics?.projector ?? '',
    E2E_METRICS_TOKEN: system.metrics?.token ?? '',
  });
}
