import { CompressionTypes, Partitioners, type Admin, type Kafka, type PartitionMetadata, type Producer } from 'kafkajs';
import type { BusMessage, EventPublisher } from './event-bus.ports';

/** kafkajs's default partitioner: stateless for keyed messages, so one serves every batch. */
const choose = Partitioners.DefaultPartitioner();

/** How long a topic's partition list is trusted before it is read again (partitions are rarely added). */
const PARTITIONS_TTL_MS = 60_000;

/**
 * The messages of one batch by the partition kafkajs's default partitioner would choose for each
 * key (murmur2, as Java clients do), each partition's share in the batch's order.
 */
export function byPartition(
  topic: string,
  partitions: PartitionMetadata[],
  messages: BusMessage[],
): Map<number, BusMessage[]> {
  const shares = new Map<number, BusMessage[]>();
  for (const m of messages) {
    const partition = choose({ topic, partitionMetadata: partitions, message: { key: m.key, value: m.value } });
    const share = shares.get(partition);
    if (share) share.push(m);
    else shares.set(partition, [m]);
  }
  return shares;
}

/**
 * The broker holding every partition of the topic, when each has exactly one replica there (one
 * broker, as `npm start` runs it); otherwise null. Such a topic's leaders cannot move to another
 * broker (a leader is always one of its partition's replicas), so a send spanning all its
 * partitions never meets kafkajs#1303 (see KafkaPublisher).
 */
export function soleReplicaBroker(partitions: PartitionMetadata[]): number | null {
  const broker = partitions[0]?.replicas[0];
  if (broker === undefined) return null;
  const sole = partitions.every((p) => p.replicas.length === 1 && p.replicas[0] === broker && p.leader === broker);
  return sole ? broker : null;
}

/**
 * Idempotent producer: a retried send after a lost ack does not write the message twice.
 *
 * A batch goes out as one send per partition, in parallel, each naming its partition (one send for
 * the whole batch where every partition has its only replica on one broker: `soleReplicaBroker`). kafkajs
 * 2.2.4 loses acknowledged messages when one send spans several brokers and a partition's leader
 * moves mid-send: its retry skips every broker that already answered, including the one the
 * partition just moved to, and the send still succeeds (tulios/kafkajs#1303). With one partition
 * per send, a retry always goes to that partition's current leader. Found by the three-broker
 * kill test (tests/cluster/kafka-cluster.cluster.test.ts); one broker (`npm start`) never meets it.
 *
 * At most one send per partition is in flight, whoever calls. kafkajs 2.2.4 numbers an idempotent
 * send's batch under a lock per *broker* and takes the numbers back when the send fails
 * (producer/sendMessages.js). While a partition's leader moves, one send can wait on the old
 * leader as another goes to the new one: their numbers interleave, the failed one's are handed out
 * again, and the broker takes a later batch for a retry of an earlier one, acknowledges it and
 * drops it (the same family as tulios/kafkajs#1005, open). The kill test, four callers on one
 * publisher, lost one acknowledged message a run that way; a send to a partition now starts when
 * the earlier one to it has settled (other partitions go on meanwhile).
 */
export class KafkaPublisher implements EventPublisher {
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly partitions = new Map<string, { list: PartitionMetadata[]; readAt: number }>();
  /** Per `topic:partition`, the settling of the last send queued for it. */
  private readonly lastSend = new Map<string, Promise<unknown>>();

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.admin = kafka.admin();
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    await this.admin.connect();
  }

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const partitions = await this.partitionsOf(topic);
    const shares = byPartition(topic, partitions, messages);
    const send = (share: [number, BusMessage[]][]) =>
      this.inTurn(
        share.map(([partition]) => `${topic}:${partition}`),
        () =>
          this.producer.send({
            topic,
            acks: -1,
            compression: CompressionTypes.None,
            messages: share.flatMap(([partition, ms]) =>
              ms.map((m) => ({ key: m.key, value: m.value, headers: m.headers, partition })),
            ),
          }),
      );
    // With every partition on one broker and nowhere else, the batch goes as one send (one produce
    // request instead of one per partition, each waiting for the one before under kafkajs's broker
    // lock: bench relay drained at about half the raw producer's rate that way); elsewhere one send
    // per partition (see the class). Every send settles before the caller hears of a failure: the
    // relay sends a failed batch again, and a share still in flight then could land after its own
    // retry, out of order.
    const sends = soleReplicaBroker(partitions) !== null ? [send([...shares])] : [...shares].map((s) => send([s]));
    const results = await Promise.allSettled(sends);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Runs `send` once every send queued before it for any of its partitions has settled. */
  private inTurn<T>(partitions: string[], send: () => Promise<T>): Promise<T> {
    const before = Promise.all(partitions.map((p) => this.lastSend.get(p)));
    const sent = before.then(send);
    const settled = sent.catch(() => undefined);
    for (const partition of partitions) {
      this.lastSend.set(partition, settled);
      // The queue of an idle partition is dropped, so the map holds only partitions with sends on the way.
      void settled.then(() => {
        if (this.lastSend.get(partition) === settled) this.lastSend.delete(partition);
      });
    }
    return sent;
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }

  private async partitionsOf(topic: string): Promise<PartitionMetadata[]> {
    const known = this.partitions.get(topic);
    if (known && Date.now() - known.readAt < PARTITIONS_TTL_MS) return known.list;
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const list = topics.find((t) => t.name === topic)?.partitions ?? [];
    if (list.length === 0) throw new Error(`Kafka topic ${topic} has no partitions (does it exist?)`);
    this.partitions.set(topic, { list, readAt: Date.now() });
    return list;
  }
}
