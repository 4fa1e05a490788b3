import { KafkaValueCodec, transportCodecOptions } from '@hilfenetz/transport-encryption';
import type { AppConfig } from '@hilfenetz/config';
import type { StoredEvent } from '@hilfenetz/contracts';
import { createKafka, KafkaPublisher, KafkaSubscriber, TOPICS, topicName } from '@hilfenetz/event-bus';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { createDataSource } from '@hilfenetz/persistence';
import { OutboxRelay } from './outbox-relay';
import { ProjectionRunner } from './projection-runner';
import { allProjections } from './projections';
import { scheduleSignedCheckpoints } from './signed-checkpoint.schedule';

export interface RunningProjector {
  stop(): Promise<void>;
}

/**
 * Starts the relay (store → Kafka) and the projections (Kafka → read models) in one process; nothing
 * else. The last reactor (the Hilfeplanung starter) left for the crisis workflow (docs/adr/0013);
 * `reactors` is still accepted from older callers and means nothing.
 */
export async function startProjector(config: AppConfig, _opts: { reactors?: boolean } = {}): Promise<RunningProjector> {
  const ds = await createDataSource(config.DATABASE_URL, { applicationName: 'hilfenetz-projector' }).initialize();
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-projector` });
  const topic = topicName(config.KAFKA_TOPIC_PREFIX, TOPICS.caseEvents);
  const log = (msg: string, extra: Record<string, unknown> = {}) =>
    console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), msg, ...extra }));

  // Event envelopes travel encrypted: the broker holds no case content in clear (docs/adr/0009).
  const bus = { valueCodec: new KafkaValueCodec(config.PERSONAL_DATA_MASTER_KEY, transportCodecOptions(config)) };
  const relay = new OutboxRelay(
    ds,
    new PostgresEventStore(ds),
    new KafkaPublisher(kafka),
    {
      name: `kafka:${topic}`,
      topic,
      valueCodec: bus.valueCodec,
      batchSize: 500,
      pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
      databaseUrl: config.DATABASE_URL,
    },
    (err) => log('relay error, retrying', { error: err instanceof Error ? err.message : String(err) }),
  );
  await relay.start();

  // One consumer group per projection: each keeps its own Kafka offsets and its own checkpoints.
  const subscribers: KafkaSubscriber[] = [];
  for (const projection of allProjections()) {
    const runner = new ProjectionRunner(ds, projection);
    const subscriber = new KafkaSubscriber(
      kafka,
      `${config.KAFKA_TOPIC_PREFIX}hilfenetz.projection.${projection.name}`,
      bus,
    );
    await subscriber.run(topic, async (m) => {
      await runner.apply([JSON.parse(m.value) as StoredEvent]);
    });
    subscribers.push(subscriber);
  }
  const checkpoints = scheduleSignedCheckpoints(ds, config, (level, msg, extra) =>
    console.log(JSON.stringify({ level, time: new Date().toISOString(), msg, ...extra })),
  );
  log('projector running', { topic });

  return {
    async stop() {
      await checkpoints.stop();
      await relay.stop();
      await Promise.all(subscribers.map((sub) => sub.stop()));
      await ds.destroy();
    },
  };
}
