import { startSystem, type AppProcess } from '@hilfenetz/testing';
import path from 'node:path';

declare global {
  var __E2E_APPS__: AppProcess[] | undefined;
}

/**
 * Starts the real system for black-box tests: the local OIDC issuer, the API, the worker and the
 * projector as separate processes, on their own database (`<test db>_e2e`, created by `npm test`),
 * topics and task queue.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const system = await startSystem(root, { dbSuffix: 'e2e', label: 'e2e' });
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
  });
}
