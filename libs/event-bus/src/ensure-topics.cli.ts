import { createKafka } from './kafka-client';
import { ensureTopics } from './ensure-topics';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');
  const kafka = createKafka({ brokers, clientId: 'hilfenetz-ensure-topics' });
  const created = await ensureTopics(
    kafka,
    process.env.KAFKA_TOPIC_PREFIX ?? '',
    Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1),
  );
  console.log(created.length ? `created topics: ${created.join(', ')}` : 'topics up to date');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
