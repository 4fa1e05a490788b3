import { createKafka } from '@hilfenetz/event-bus';
import { stopApp, testEnv } from '@hilfenetz/testing';

export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.__E2E_APPS__ ?? []).map((a) => stopApp(a)));
  const prefix = process.env.E2E_KAFKA_TOPIC_PREFIX;
  if (!prefix) return;
  const admin = createKafka({ brokers: testEnv().kafkaBrokers, clientId: 'hilfenetz-e2e-teardown' }).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}
