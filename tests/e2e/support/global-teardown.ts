import { keycloakAdminFromEnv, removeTestSigningKey, stopSystem } from '@hilfenetz/testing';

export default async function globalTeardown(): Promise<void> {
  try {
    await stopSystem(globalThis.__E2E_APPS__ ?? [], process.env.E2E_KAFKA_TOPIC_PREFIX, 'e2e');
  } finally {
    // The test key leaves the realm with the run: it must not outlive the tests (docs/adr/0021).
    const key = globalThis.__E2E_SIGNING_KEY__;
    if (key) await removeTestSigningKey(keycloakAdminFromEnv(), 'hilfenetz', key.componentId);
  }
}
