import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigResourceTypes, Kafka, logLevel, type Admin, type KafkaConfig } from 'kafkajs';
import { ensureTopics, KafkaPublisher, KafkaSubscriber, TOPICS, topicName } from '@hilfenetz/event-bus';
import {
  kafkaWith,
  killNode,
  startKafkaClusterUnderTest,
  stopKafkaClusterUnderTest,
  type KafkaClusterUnderTest,
} from './support/kafka-cluster-fixture';

/**
 * The production shape's Kafka (infra/cluster/lib/kafka-cluster.mjs): three KRaft nodes, RF 3,
 * min.insync.replicas 2, clients only over SASL_SSL with SCRAM-SHA-512. The apps' way of connecting
 * (kafkaSecurityOptions from KAFKA_SSL_CA_FILE / KAFKA_SASL_*) produces and consumes; plain, TLS-only
 * and wrong-password clients are refused; a SIGKILLed broker loses no acknowledged message, the
 * idempotent producer writes none twice, and the broker rejoins every in-sync replica set.
 */
describe('Kafka cluster of the production shape (3 KRaft nodes, SASL_SSL + SCRAM)', () => {
  let cluster: KafkaClusterUnderTest;
  let startedHere = false;
  const run = `kct-${randomUUID().slice(0, 8)}`;
  // Under the app user's ACL prefix (`hilfenetz.`), apart from every other run's topics and groups.
  const prefix = `hilfenetz.${run}.`;
  // The figures go to the test's output (issue 15 asks for them in the note).
  const log = (msg: string) => console.log(`[kafka-cluster test] ${msg}`);

  beforeAll(async () => {
    const t0 = Date.now();
    cluster = await startKafkaClusterUnderTest();
    startedHere = cluster.startedNow.length > 0;
    log(
      `cluster ${startedHere ? `started (nodes ${cluster.startedNow.join(', ')})` : 'was running'} in ${Date.now() - t0} ms`,
    );
  }, 6 * 60_000);
  afterAll(async () => {
    // A cluster someone else started (a globalSetup, cluster:up on these ports) stays up.
    if (startedHere && !process.env.HILFENETZ_KEEP_KAFKA_CLUSTER) await stopKafkaClusterUnderTest();
  }, 2 * 60_000);

  const withAdmin = async <T>(f: (admin: Admin) => Promise<T>): Promise<T> => {
    const admin = kafkaWith(cluster.adminEnv, `${run}-admin`).admin();
    await admin.connect();
    try {
      return await f(admin);
    } finally {
      await admin.disconnect();
    }
  };

  /** Reads `topic` from the start with our KafkaSubscriber until every value of `expected` arrived (or `timeoutMs`). */
  const consumeAll = async (topic: string, group: string, expected: string[], timeoutMs = 90_000) => {
    const received: { key: string; value: string; partition: number; offset: string }[] = [];
    const sub = new KafkaSubscriber(kafkaWith(cluster.env, `${run}-consumer`), group);
    await sub.run(
      topic,
      async (m) => {
        received.push({ key: m.key, value: m.value, partition: m.partition, offset: m.offset });
      },
      { fromBeginning: true },
    );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const seen = new Set(received.map((m) => m.value));
      if (expected.every((v) => seen.has(v))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // A little longer: a duplicate may still be on its way.
    await new Promise((r) => setTimeout(r, 1_500));
    await sub.stop();
    return received;
  };

  it(
    'lets the app user create its topics (RF 3, min.insync.replicas 2), publish and consume over TLS, and nothing outside its prefix',
    async () => {
      const app = kafkaWith(cluster.env, `${run}-app`);
      const created = await ensureTopics(app, prefix, Number(cluster.env.KAFKA_REPLICATION_FACTOR));
      const topic = topicName(prefix, TOPICS.caseEvents);
      expect(created).toEqual([topic]);

      const publisher = new KafkaPublisher(app);
      await publisher.connect();
      const sent = Array.from({ length: 30 }, (_, i) => ({
        key: `stream-${i % 5}`,
        value: `message-${i}`,
        headers: {},
      }));
      await publisher.publish(topic, sent);
      await publisher.disconnect();
      const received = await consumeAll(
        topic,
        `${prefix}probe`,
        sent.map((m) => m.value),
      );
      expect(received.map((m) => m.value).sort()).toEqual(sent.map((m) => m.value).sort());

      await withAdmin(async (admin) => {
        const meta = await admin.fetchTopicMetadata({ topics: [topic, '__consumer_offsets'] });
        for (const t of meta.topics) {
          expect(t.partitions.length).toBeGreaterThan(0);
          for (const p of t.partitions) {
            expect({ topic: t.name, replicas: p.replicas.length }).toEqual({ topic: t.name, replicas: 3 });
          }
        }
        const configs = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [
            {
              type: ConfigResourceTypes.TOPIC,
              name: topic,
              configNames: ['min.insync.replicas', 'unclean.leader.election.enable'],
            },
          ],
        });
        const entries = Object.fromEntries(
          (configs.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]),
        );
        expect(entries).toEqual({ 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' });
        // A topic outside the app's prefix, made by the admin: the app may neither write it nor make its own.
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `other.${run}`, numPartitions: 1 }] });
      });

      const outsider = new KafkaPublisher(app);
      await outsider.connect();
      try {
        await expect(outsider.publish(`other.${run}`, [{ key: 'k', value: 'v', headers: {} }])).rejects.toThrow(
          /authoriz/i,
        );
      } finally {
        await outsider.disconnect();
      }
      const appAdmin = app.admin();
      await appAdmin.connect();
      try {
        // kafkajs wraps the per-topic answers: TOPIC_AUTHORIZATION_FAILED inside "Topic creation errors".
        const refusal = await appAdmin.createTopics({ topics: [{ topic: `elsewhere.${run}` }] }).then(
          () => 'created',
          (err: { errors?: { type?: string }[]; message: string }) =>
            err.errors?.map((e) => e.type).join(',') ?? err.message,
        );
        expect(refusal).toBe('TOPIC_AUTHORIZATION_FAILED');
      } finally {
        await appAdmin.disconnect();
      }
    },
    3 * 60_000,
  );

  /** A bare kafkajs client that gives up at once: the refusals are what is measured, not kafkajs's retries. */
  const connectBare = async (extra: Partial<KafkaConfig>) => {
    const kafka = new Kafka({
      clientId: `${run}-bare`,
      brokers: cluster.brokers.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 5_000,
      authenticationTimeout: 5_000,
      requestTimeout: 5_000,
      retry: { retries: 0 },
      ...extra,
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      return await admin.listTopics();
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  const ca = () => readFileSync(cluster.caFile, 'utf8');
  const appPassword = () => readFileSync(cluster.appPasswordFile, 'utf8').trim();

  it(
    'refuses clients without TLS (even with the right password), and TLS clients without SASL',
    async () => {
      await expect(connectBare({})).rejects.toThrow();
      await expect(
        connectBare({ sasl: { mechanism: 'scram-sha-512', username: 'hilfenetz', password: appPassword() } }),
      ).rejects.toThrow();
      await expect(connectBare({ ssl: { ca: [ca()] } })).rejects.toThrow();
      // A client that trusts the public CAs instead of the cluster's refuses the brokers' certificates.
      await expect(
        connectBare({
          ssl: true,
          sasl: { mechanism: 'scram-sha-512', username: 'hilfenetz', password: appPassword() },
        }),
      ).rejects.toThrow();
      // The control: the same bare client with TLS and the right password gets in.
      await expect(
        connectBare({
          ssl: { ca: [ca()] },
          sasl: { mechanism: 'scram-sha-512', username: 'hilfenetz', password: appPassword() },
        }),
      ).resolves.toEqual(expect.any(Array));
    },
    2 * 60_000,
  );

  it(
    'refuses a TLS client with a wrong password or an unknown user',
    async () => {
      await expect(
        connectBare({
          ssl: { ca: [ca()] },
          sasl: { mechanism: 'scram-sha-512', username: 'hilfenetz', password: `${appPassword()}x` },
        }),
      ).rejects.toThrow(/SASL|authentication/i);
      await expect(
        connectBare({ ssl: { ca: [ca()] }, sasl: { mechanism: 'scram-sha-512', username: 'mallory', password: 'x' } }),
      ).rejects.toThrow(/SASL|authentication/i);
      // SCRAM-SHA-256 has no credentials: only SCRAM-SHA-512 is enabled.
      await expect(
        connectBare({
          ssl: { ca: [ca()] },
          sasl: { mechanism: 'scram-sha-256', username: 'hilfenetz', password: appPassword() },
        }),
      ).rejects.toThrow();
    },
    2 * 60_000,
  );

  it(
    'loses and duplicates nothing when a broker is SIGKILLed under acks=all production, and the broker rejoins',
    async () => {
      const killPrefix = `${prefix}kill.`;
      const app = kafkaWith(cluster.env, `${run}-kill-app`);
      await ensureTopics(app, killPrefix, 3);
      const topic = topicName(killPrefix, TOPICS.caseEvents);

      const partitions = () => withAdmin((admin) => admin.fetchTopicMetadata({ topics: [topic] }));
      const before = (await partitions()).topics[0]?.partitions ?? [];
      const leaders = new Map<number, number>();
      for (const p of before) leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
      // The node leading the most partitions: its death moves the most leaders.
      const victim = [...leaders.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 1;

      const publisher = new KafkaPublisher(app);
      await publisher.connect();
      const acknowledged: string[] = [];
      let publishErrors = 0;
      let stop = false;
      let maxSendMs = 0;
      let killAt = 0;
      let firstAckAfterKill = 0;
      let ackedAfterKill = 0;
      // Four producers at once on the one (idempotent) KafkaPublisher, each with streams of its own:
      // one stuck on the dead leader does not stop the others, as in the relay's busy hours.
      const WORKERS = 4;
      const worker = async (w: number) => {
        let seq = 0;
        while (!stop) {
          // Batches that mix streams, as the relay's do (commit order). kafkajs 2.2.4 alone loses
          // messages of a send that spans brokers when a leader moves mid-send (tulios/kafkajs#1303):
          // this test lost 1–2 acknowledged messages per kill until KafkaPublisher sent one share
          // per partition, and then one a run (plus one stored twice) until it kept one send per
          // partition in flight: two at once to a moving partition interleave their sequence numbers.
          // Twenty a publish (the relay's batches carry up to 500): with five, the four callers
          // reached about 250 messages a second, the events of some 13 crises a second (~19 each).
          const batch = Array.from({ length: 20 }, (_, i) => ({
            key: `w${w}-stream-${(seq + i) % 10}`,
            value: `${w}:${seq + i}`,
            headers: {},
          }));
          const t = Date.now();
          try {
            await publisher.publish(topic, batch);
          } catch {
            // The relay sends a failed batch again; so does this. A new send carries new sequence
            // numbers, so a batch that was written after all would show below as duplicates.
            publishErrors += 1;
            continue;
          }
          maxSendMs = Math.max(maxSendMs, Date.now() - t);
          if (killAt && t > killAt) {
            ackedAfterKill += batch.length;
            if (!firstAckAfterKill) firstAckAfterKill = Date.now();
          }
          acknowledged.push(...batch.map((m) => m.value));
          seq += batch.length;
        }
      };
      const produce = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

      await new Promise((r) => setTimeout(r, 4_000));
      const beforeKill = acknowledged.length;
      killNode(victim);
      killAt = Date.now();
      log(
        `SIGKILL node ${victim} (leader of ${leaders.get(victim)} of ${before.length} partitions) after ${beforeKill} messages`,
      );
      // Produce through the failover: the dead broker is fenced after broker.session.timeout.ms (9 s).
      // On a busy machine the first send after the kill has taken 20 s (CI, 2026-12-06): wait for it,
      // at most 90 s, instead of judging a fixed window.
      await new Promise((r) => setTimeout(r, 20_000));
      for (let waited = 20_000; !firstAckAfterKill && waited < 90_000; waited += 500) {
        await new Promise((r) => setTimeout(r, 500));
      }
      const duringOutage = acknowledged.length - beforeKill;

      const restartAt = Date.now();
      const restarted = await startKafkaClusterUnderTest();
      expect(restarted.startedNow).toEqual([victim]);
      const rejoinMs = Date.now() - restartAt;
      let fullIsr = false;
      while (!fullIsr && Date.now() - restartAt < 3 * 60_000) {
        const now = (await partitions()).topics[0]?.partitions ?? [];
        fullIsr = now.length === before.length && now.every((p) => p.isr.length === 3);
        if (!fullIsr) await new Promise((r) => setTimeout(r, 500));
      }
      const catchUpMs = Date.now() - restartAt;
      await new Promise((r) => setTimeout(r, 2_000));
      stop = true;
      await produce;
      await publisher.disconnect();
      const producedFor = (Date.now() - killAt + 4_000) / 1000;

      const received = await consumeAll(topic, `${killPrefix}verify`, acknowledged);
      // Read back by position: a message stored twice sits at two offsets (a duplicate in the log,
      // what acks=all with idempotence must prevent); the same offset read twice is the consumer's
      // at-least-once redelivery after a rebalance (projections drop it by stream version).
      const positions = new Map<string, (typeof received)[number]>();
      let redeliveries = 0;
      for (const m of received) {
        const at = `${m.partition}@${m.offset}`;
        if (positions.has(at)) redeliveries += 1;
        else positions.set(at, m);
      }
      const stored = [...positions.values()].sort(
        (a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset),
      );
      const values = stored.map((m) => m.value);
      const distinct = new Set(values);
      const missing = acknowledged.filter((v) => !distinct.has(v));
      const duplicates = values.length - distinct.size;
      // Per stream, in the log in the order sent (the relay relies on it: stream versions arrive in order).
      const outOfOrder = [...new Set(stored.map((m) => m.key))].filter((key) => {
        const seqs = stored.filter((m) => m.key === key).map((m) => Number(m.value.split(':')[1]));
        return seqs.some((s, i) => i > 0 && s < (seqs[i - 1] ?? 0));
      });
      log(
        `acknowledged ${acknowledged.length} messages in ${producedFor.toFixed(0)} s (${(acknowledged.length / producedFor).toFixed(0)}/s; ${duringOutage} before the broker's restart, ${ackedAfterKill} sent after it in all), ` +
          `publish errors surfaced ${publishErrors}, longest send ${maxSendMs} ms, first ack after the kill ${firstAckAfterKill ? firstAckAfterKill - killAt : -1} ms; ` +
          `node ${victim} registered again ${rejoinMs} ms after its restart, all ISRs 3 after ${catchUpMs} ms; ` +
          `read back ${values.length} positions (${redeliveries} redelivered): missing ${missing.length}, stored twice ${duplicates}, streams out of order ${outOfOrder.length}`,
      );
      expect(fullIsr).toBe(true);
      expect(missing).toEqual([]);
      expect(duplicates).toBe(0);
      expect(outOfOrder).toEqual([]);
      expect(duringOutage).toBeGreaterThan(0);
      expect(ackedAfterKill).toBeGreaterThan(0);
    },
    8 * 60_000,
  );
});
