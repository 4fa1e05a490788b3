import { KafkaValueCodec, transportCodecOptions } from '@hilfenetz/transport-encryption';
import { masterKeyring, type AppConfig } from '@hilfenetz/config';
import type { StoredEvent } from '@hilfenetz/contracts';
import {
  adoptGroupOffsets,
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
import { ProjectionFanOut } from './projection-fan-out';
import { ProjectionRunner, type RepairedFromStore } from './projection-runner';
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
 * (Kafka → read models, one consumer group for all projections across all replicas); nothing else: the
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
  const reportRepair = (repair: RepairedFromStore) => {
    metrics?.repaired(repair.projection, 'gap', repair.toVersion - repair.fromVersion + 1);
    // Loud: the transport lost these, the store made them good.
    logAt('error', 'projection gap filled from the event store', { ...repair });
  };
  const projections = allProjections();
  // Per projection for the sweep (a lost last event); live batches go through the fan-out below.
  const runners = projections.map((projection) => new ProjectionRunner(ds, projection, store, reportRepair));
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

  // One consumer group for all projections, one transaction per fetch (docs/adr/0048). Its first
  // start adopts the offsets of the per-projection groups it replaced, so an upgrade does not read
  // the whole topic again.
  const groupId = `${config.KAFKA_TOPIC_PREFIX}hilfenetz.projections`;
  const adoption = await adoptGroupOffsets(kafka, {
    topic,
    groupId,
    from: projections.map((p) => `${config.KAFKA_TOPIC_PREFIX}hilfenetz.projection.${p.name}`),
  }).catch((err: unknown) => {
    // Not fatal: without them the group reads the topic from its beginning, and the checkpoints
    // skip what the projections already hold (slow once, never wrong).
    logAt('error', 'could not take over the offsets of the per-projection groups', {
      groupId,
      error: err instanceof Error ? err.message : String(err),
    });
    return 'failed' as const;
  });
  if (adoption === 'adopted') log('consumer group took over the offsets of the per-projection groups', { groupId });
  const fanOut = new ProjectionFanOut(ds, projections, store, reportRepair);
  const subscriber = new KafkaSubscriber(kafka, groupId, bus);
  await subscriber.runBatches(topic, async (messages) => {
    const { applied, leftBehind } = await fanOut.apply(messages.map((m) => JSON.parse(m.value) as StoredEvent));
    for (const [projection, n] of applied) metrics?.projected(projection, messages.length, n);
    for (const { projection, reason, error } of leftBehind) {
      if (reason !== 'failed') continue;
      // Its checkpoint stays behind: the next event of the stream (a gap) or the sweep brings it the rest.
      logAt('error', 'projection failed on a batch, left behind for the store to repair', {
        projection,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
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
      await subscriber.stop();
      await ds.destroy();
    },
  };
}
