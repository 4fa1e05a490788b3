import { adoptGroupOffsets, createKafka } from '@hilfenetz/event-bus';
import { testEnv } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';

/**
 * The projector's one consumer group takes over where the fourteen per-projection groups it
 * replaced stood (docs/adr/0048): against the real broker, per partition the lowest committed
 * offset, a partition one of them never committed left to be read from the beginning, and nothing
 * done once the group has offsets of its own.
 */
describe('a new consumer group adopts the offsets of the groups it replaces', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topic = `it-adopt-${randomUUID().slice(0, 8)}`;
  const group = (name: string) => `${topic}.${name}`;
  const offsetsOf = async (groupId: string) => {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
  };

  beforeAll(async () => {
    kafka = createKafka({ brokers: testEnv().kafkaBrokers, clientId: 'hilfenetz-it-adopt' });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    for (let p = 0; p < 3; p++) {
      await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ partition: p, value: `${i}` })) });
    }
    await producer.disconnect();
    await admin.setOffsets({
      groupId: group('timeline'),
      topic,
      partitions: [0, 1, 2].map((p) => ({ partition: p, offset: '7' })),
    });
    await admin.setOffsets({
      groupId: group('inbox'),
      topic,
      partitions: [
        { partition: 0, offset: '4' },
        { partition: 1, offset: '9' },
      ],
    });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('takes the lowest offset per partition; a partition one group never committed stays unset', async () => {
    const all = group('all');
    expect(await adoptGroupOffsets(kafka, { topic, groupId: all, from: [group('timeline'), group('inbox')] })).toBe(
      'adopted',
    );
    expect(await offsetsOf(all)).toEqual({ 0: '4', 1: '7', 2: '-1' });
    // Once it has offsets of its own they are its own: a second start changes nothing.
    await admin.setOffsets({ groupId: all, topic, partitions: [{ partition: 0, offset: '10' }] });
    expect(await adoptGroupOffsets(kafka, { topic, groupId: all, from: [group('timeline')] })).toBe('has-offsets');
    expect((await offsetsOf(all))[0]).toBe('10');
  });

  it('with no older group to follow, the new group starts as any new group does', async () => {
    const fresh = group('fresh');
    expect(await adoptGroupOffsets(kafka, { topic, groupId: fresh, from: [group('never-existed')] })).toBe(
      'nothing-to-adopt',
    );
    expect(await offsetsOf(fresh)).toEqual({ 0: '-1', 1: '-1', 2: '-1' });
  });
});
