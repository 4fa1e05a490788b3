import type { Kafka } from 'kafkajs';
import { TOPICS, topicName } from './topics';

/** Creates missing topics with their declared partitions and retention; existing ones are left alone. */
export async function ensureTopics(kafka: Kafka, prefix: string, replicationFactor = 1): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(TOPICS).filter((t) => !existing.has(topicName(prefix, t)));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: topicName(prefix, t),
          numPartitions: t.partitions,
          replicationFactor,
          configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }],
        })),
      });
    }
    return missing.map((t) => topicName(prefix, t));
  } finally {
    await admin.disconnect();
  }
}
