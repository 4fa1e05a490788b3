import { createKafka } from '@hilfenetz/event-bus';
import { testEnv } from '@hilfenetz/testing';

/** Removes this run's topics so repeated local runs do not pile them up in var/kafka. */
export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.KAFKA_TOPIC_PREFIX;
  if (!prefix) return;
  const admin = createKafka({ brokers: testEnv().kafkaBrokers, clientId: 'hilfenetz-test-teardown' }).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}
