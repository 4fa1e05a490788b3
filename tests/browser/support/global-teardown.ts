import { stopSystem } from '@hilfenetz/testing';

export default async function globalTeardown(): Promise<void> {
  await stopSystem(globalThis.__BROWSER_APPS__ ?? [], process.env.BROWSER_KAFKA_TOPIC_PREFIX, 'browser');
}
