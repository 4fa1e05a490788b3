import { stopSystem } from '@hilfenetz/testing';

export default async function globalTeardown(): Promise<void> {
  await stopSystem(globalThis.__E2E_APPS__ ?? [], process.env.E2E_KAFKA_TOPIC_PREFIX, 'e2e');
}
