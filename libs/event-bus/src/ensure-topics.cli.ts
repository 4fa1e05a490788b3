import { createKafka } from './kafka-client';
import { kafkaSecurityOptionsFromEnv } from './kafka-security';
import { ensureTopics } from './ensure-topics';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');
  // TLS and SCRAM as the apps connect (KAFKA_SSL_CA_FILE, KAFKA_SASL_*): the production shape's
  // cluster refuses anything else.
  const kafka = createKafka({ brokers, clientId: 'hilfenetz-ensure-topics', ...kafkaSecurityOptionsFromEnv() });
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
