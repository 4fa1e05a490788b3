import type { Kafka, PartitionMetadata } from 'kafkajs';
import { byPartition, KafkaPublisher, soleReplicaBroker } from './kafka-publisher';
import type { BusMessage } from './event-bus.ports';

const partitions: PartitionMetadata[] = [0, 1, 2].map((partitionId) => ({
  partitionErrorCode: 0,
  partitionId,
  leader: partitionId,
  replicas: [0, 1, 2],
  isr: [0, 1, 2],
}));
const message = (stream: string, version: number): BusMessage => ({
  key: stream,
  value: `${stream}@${version}`,
  headers: { 'event-id': `${stream}-${version}` },
});

describe('a batch split by partition', () => {
  it('keeps every message, each stream whole and in order in one partition', () => {
    // Interleaved as the relay reads them: commit order, streams mixed.
    const batch = [1, 2, 3].flatMap((v) =>
      ['case-a', 'case-b', 'case-c', 'case-d', 'case-e'].map((s) => message(s, v)),
    );
    const shares = byPartition('t', partitions, batch);
    const all = [...shares.values()].flat();
    expect(all).toHaveLength(batch.length);
    expect(new Set(all.map((m) => m.value))).toEqual(new Set(batch.map((m) => m.value)));
    for (const stream of ['case-a', 'case-b', 'case-c', 'case-d', 'case-e']) {
      const holding = [...shares].filter(([, share]) => share.some((m) => m.key === stream));
      expect(holding).toHaveLength(1);
      expect(holding[0]![1].filter((m) => m.key === stream).map((m) => m.value)).toEqual([
        `${stream}@1`,
        `${stream}@2`,
        `${stream}@3`,
      ]);
    }
  });

  it('chooses the same partition for a key in every batch, whatever else the batch holds', () => {
    const alone = byPartition('t', partitions, [message('case-x', 1)]);
    const crowded = byPartition('t', partitions, [message('case-y', 1), message('case-x', 2), message('case-z', 1)]);
    const partitionOf = (shares: Map<number, BusMessage[]>) =>
      [...shares].find(([, share]) => share.some((m) => m.key === 'case-x'))![0];
    expect(partitionOf(crowded)).toBe(partitionOf(alone));
    expect(partitions.map((p) => p.partitionId)).toContain(partitionOf(alone));
  });
});

/** The same three partitions, each with its only replica on broker 7 (one broker, as `npm start` runs it). */
const onOneBroker: PartitionMetadata[] = partitions.map((p) => ({ ...p, leader: 7, replicas: [7], isr: [7] }));

describe('a topic whose partitions all live on one broker only', () => {
  it('is recognised; replicas elsewhere or a second broker are not', () => {
    expect(soleReplicaBroker(onOneBroker)).toBe(7);
    expect(soleReplicaBroker(partitions)).toBeNull(); // three replicas: leaders can move
    expect(
      soleReplicaBroker(onOneBroker.map((p, i) => (i === 2 ? { ...p, leader: 8, replicas: [8], isr: [8] } : p))),
    ).toBeNull();
    expect(soleReplicaBroker([])).toBeNull();
  });
});

describe('sends through one publisher', () => {
  /** A producer that holds every send until the test lets it settle, recording when each started. */
  const heldKafka = (metadata: PartitionMetadata[] = partitions) => {
    const started: { partition: number; partitions: number[]; values: string[] }[] = [];
    const release: (() => void)[] = [];
    const fail: ((e: Error) => void)[] = [];
    const kafka = {
      producer: () => ({
        connect: async () => undefined,
        disconnect: async () => undefined,
        send: ({ messages }: { messages: { value: string; partition: number }[] }) =>
          new Promise<void>((resolve, reject) => {
            started.push({
              partition: messages[0]!.partition,
              partitions: messages.map((m) => m.partition),
              values: messages.map((m) => m.value),
            });
            release.push(resolve);
            fail.push(reject);
          }),
      }),
      admin: () => ({
        connect: async () => undefined,
        disconnect: async () => undefined,
        fetchTopicMetadata: async () => ({ topics: [{ name: 't', partitions: metadata }] }),
      }),
    };
    return { kafka: kafka as unknown as Kafka, started, release, fail };
  };
  const tick = () => new Promise((r) => setImmediate(r));
  const partitionOf = (key: string) => [...byPartition('t', partitions, [message(key, 1)]).keys()][0]!;
  const keysOn = (partition: number, n: number) =>
    Array.from({ length: 200 }, (_, i) => `case-${i}`)
      .filter((k) => partitionOf(k) === partition)
      .slice(0, n);

  it('never has two sends to one partition in flight (kafkajs numbers them per broker), and keeps their order', async () => {
    const { kafka, started, release, fail } = heldKafka();
    const publisher = new KafkaPublisher(kafka);
    const [a, b, c] = keysOn(0, 3);
    const first = publisher.publish('t', [message(a!, 1)]);
    const second = publisher.publish('t', [message(b!, 1)]);
    const third = publisher.publish('t', [message(c!, 1)]);
    await tick();
    expect(started.map((s) => s.values)).toEqual([[`${a}@1`]]);
    fail[0]!(new Error('leader moved')); // a failed send lets the next one go too
    await expect(first).rejects.toThrow('leader moved');
    await tick();
    expect(started.map((s) => s.values)).toEqual([[`${a}@1`], [`${b}@1`]]);
    release[1]!();
    await second;
    await tick();
    expect(started.map((s) => s.values)).toEqual([[`${a}@1`], [`${b}@1`], [`${c}@1`]]);
    release[2]!();
    await third;
  });

  it('sends to other partitions meanwhile', async () => {
    const { kafka, started, release } = heldKafka();
    const publisher = new KafkaPublisher(kafka);
    const [onZero] = keysOn(0, 1);
    const [onOne] = keysOn(1, 1);
    const first = publisher.publish('t', [message(onZero!, 1)]);
    const second = publisher.publish('t', [message(onOne!, 1)]);
    await tick();
    expect(started.map((s) => s.partition).sort()).toEqual([0, 1]);
    release.forEach((r) => r());
    await Promise.all([first, second]);
  });
  it("on one broker only, sends a batch as one send naming each message's partition, the next batch after it", async () => {
    const { kafka, started, release } = heldKafka(onOneBroker);
    const publisher = new KafkaPublisher(kafka);
    const [zero] = keysOn(0, 1);
    const [one, oneLater] = keysOn(1, 2);
    const batch = [message(zero!, 1), message(one!, 1)];
    const first = publisher.publish('t', batch);
    const second = publisher.publish('t', [message(oneLater!, 1)]);
    await tick();
    expect(started).toHaveLength(1); // the second waits: it shares partition 1 with the first
    expect(started[0]!.values).toEqual(expect.arrayContaining([`${zero}@1`, `${one}@1`]));
    expect(new Set(started[0]!.partitions)).toEqual(new Set([0, 1]));
    release[0]!();
    await first;
    await tick();
    expect(started.map((s) => s.values)).toEqual([expect.any(Array), [`${oneLater}@1`]]);
    release[1]!();
    await second;
  });
});
