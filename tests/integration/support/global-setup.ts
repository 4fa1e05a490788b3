import { createKafka, ensureTopics } from '@hilfenetz/event-bus';
import { resetDatabase, testEnv } from '@hilfenetz/testing';
import { randomBytes } from 'node:crypto';

/** A clean test database with every migration, and this run's own Kafka topics. */
export default async function globalSetup(): Promise<void> {
  const env = testEnv();
  await resetDatabase(env.migrationUrl);
  process.env.KAFKA_TOPIC_PREFIX = `it-${randomBytes(4).toString('hex')}-`;
  await ensureTopics(
    createKafka({ brokers: env.kafkaBrokers, clientId: 'hilfenetz-test-setup' }),
    process.env.KAFKA_TOPIC_PREFIX,
  );
}
