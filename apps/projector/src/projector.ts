import { KafkaValueCodec, transportCodecOptions } from '@hilfenetz/transport-encryption';
import { masterKeyring, type AppConfig } from '@hilfenetz/config';
import type { StoredEvent } from '@hilfenetz/contracts';
import {
  createKafka,
  KafkaPublisher,
  KafkaSubscriber,
  kafkaSecurityOptions,
  TOPICS,
  topicName,
} from '@hilfenetz/event-bus';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { createDataSource } from '@hilfenetz/persistence';
import { createMetricsRegistry, startMetricsServer, type MetricsServer } from '@hilfenetz/observability';
import { OutboxRelay } from './outbox-relay';
import { ProjectionRunner } from './projection-runner';
import { projectorMetrics } from './projector-metrics';
import { ProjectionSweep, scheduleProjectionSweep } from './projection-sweep';
import { allProjections } from './projections';
import { AdvisoryLockLeadership } from './relay-leadership';
import { scheduleSignedCheckpoints } from './signed-checkpoint.schedule';

export interface RunningProjector {
  stop(): Promise<void>;
}

/**
 * Starts the relay (store → Kafka, on the one replica that holds its lock) and the projections
 * (Kafka → read models, one consumer group per projection across all replicas); nothing else: the
 * last reactor (the Hilfeplanung starter) left for the crisis workflow (docs/adr/0013).
 */
export async function startProjector(config: AppConfig): Promise<RunningProjector> {
  const ds = await createDataSource(config.DATABASE_URL, { applicationName: 'hilfenetz-projector' }).initialize();
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-projector`,
    // TLS and SCRAM when configured (the production shape's cluster refuses plain connections).
    ...kafkaSecurityOptions(config),
  });
  const topic = topicName(config.KAFKA_TOPIC_PREFIX, TOPICS.caseEvents);
  const logAt = (level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}) =>
    console.log(JSON.stringify({ level, time: new Date().toISOString(), msg, ...extra }));
  const log = (msg: string, extra: Record<string, unknown> = {}) => logAt('info', msg, extra);

  // Event envelopes travel encrypted: the broker holds no case content in clear (docs/adr/0009).
  const bus = { valueCodec: new KafkaValueCodec(masterKeyring(config), transportCodecOptions(config)) };
  const relayName = `kafka:${topic}`;
  const store = new PostgresEventStore(ds);
  // Asked at scrape time; set once the leadership below exists.
  let leading = (): boolean => false;
  const registry = config.METRICS_PORT === undefined ? undefined : createMetricsRegistry('projector');
  const metrics = registry ? projectorMetrics(registry, { ds, relayName, leading: () => leading() }) : undefined;
  // Kafka carries the log, the store is its truth: an event a projection never received is read
  // from the store (a gap inside a stream by the runner, a lost last event by the sweep).
  const runners = allProjections().map(
    (projection) =>
      new ProjectionRunner(ds, projection, store, (repair) => {
        metrics?.repaired(repair.projection, 'gap', repair.toVersion - repair.fromVersion + 1);
        // Loud: the transport lost these, the store made them good.
        logAt('error', 'projection gap filled from the event store', { ...repair });
      }),
  );
  // The relay runs on one projector at a time, the holder of an advisory lock per relay name
  // (docs/adr/0023); a second replica waits and takes over within about a second of the holder's
  // death. Each term starts a fresh relay: its position comes from the checkpoint the last leader
  // wrote, never from this process's memory of an earlier term. The signed checkpoints follow the
  // relay: one signer, not one per replica.
  const leadership = new AdvisoryLockLeadership(
    { databaseUrl: config.DATABASE_URL, lockName: `hilfenetz:relay:${relayName}`, log },
    async () => {
      const relay = new OutboxRelay(
        ds,
        store,
        new KafkaPublisher(kafka),
        {
          name: relayName,
          topic,
          valueCodec: bus.valueCodec,
          batchSize: 500,
          pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
          databaseUrl: config.DATABASE_URL,
        },
        (err) => log('relay error, retrying', { error: err instanceof Error ? err.message : String(err) }),
      );
      await relay.start();
      const checkpoints = scheduleSignedCheckpoints(ds, config, logAt);
      const sweep = scheduleProjectionSweep(
        new ProjectionSweep(ds, store, runners, {
          name: `sweep:${relayName}`,
          graceMs: config.PROJECTION_SWEEP_GRACE_MS,
          window: 10_000,
        }),
        config.PROJECTION_SWEEP_INTERVAL_MS,
        logAt,
        (projection, applied) => metrics?.repaired(projection, 'sweep', applied),
      );
      return {
        async stop() {
          await sweep.stop();
          await checkpoints.stop();
          await relay.stop();
        },
      };
    },
  );
  leading = () => leadership.leading;
  await leadership.start();

  // One consumer group per projection: each keeps its own Kafka offsets and its own checkpoints.
  // They join at once: a join waits for the group's other members to rejoin (a rebalance of a few
  // seconds), and fourteen joins one after another kept a restarted projector from consuming for
  // about 95 s beside a running one (the cluster's key-rotation test measured it).
  const subscribers = await Promise.all(
    runners.map(async (runner) => {
      const subscriber = new KafkaSubscriber(
        kafka,
        `${config.KAFKA_TOPIC_PREFIX}hilfenetz.projection.${runner.name}`,
        bus,
      );
      // What one fetch brought, in one transaction per projection: a transaction per event and
      // projection was where bench:inbox's latency went under load (docs/adr/0042).
      await subscriber.runBatches(topic, async (messages) => {
        const applied = await runner.apply(messages.map((m) => JSON.parse(m.value) as StoredEvent));
        metrics?.projected(runner.name, messages.length, applied);
      });
      return subscriber;
    }),
  );
  let server: MetricsServer | undefined;
  if (registry && config.METRICS_PORT !== undefined && config.METRICS_TOKEN) {
    server = await startMetricsServer({
      registry,
      host: config.METRICS_HOST,
      port: config.METRICS_PORT,
      token: config.METRICS_TOKEN,
    });
  }
  log('projector running', { topic, relayLeader: leadership.leading, metrics: server?.url });

  return {
    async stop() {
      await server?.close();
      await leadership.stop();
      await Promise.all(subscribers.map((sub) => sub.stop()));
      await ds.destroy();
    },
  };
}
