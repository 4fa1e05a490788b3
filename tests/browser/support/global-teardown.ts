import { stopSystem } from '@hilfenetz/testing';

export default async function globalTeardown(): Promise<void> {
  try {
    await stopSystem(globalThis.__BROWSER_APPS__ ?? [], process.env.BROWSER_KAFKA_TOPIC_PREFIX, 'browser');
  } finally {
    await globalThis.__BROWSER_WEB_CLIENT__?.remove();
  }
}
