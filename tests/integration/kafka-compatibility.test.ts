import { createKafka, KafkaPublisher, TOPICS, topicName } from '@hilfenetz/event-bus';
import { collectFromTopic, testEnv } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';

/**
 * kafkajs is unmaintained and Kafka 4 dropped old protocol versions: this proves that the
 * versions kafkajs speaks still work against our broker (idempotent produce, consumer groups).
 */
describe('kafkajs against the Kafka 4 broker', () => {
  it('publishes with the idempotent producer and reads back in order per key through a consumer group', async () => {
    const env = testEnv();
    const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'hilfenetz-it-kafka' });
    const topic = topicName(env.topicPrefix, TOPICS.caseEvents);
    const key = `case-IT-${randomUUID()}`;
    const publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    try {
      for (let i = 0; i < 3; i++) {
        await publisher.publish(topic, [
          { key, value: JSON.stringify({ n: i * 2 }), headers: { 'event-id': `${key}-${i * 2}` } },
          { key, value: JSON.stringify({ n: i * 2 + 1 }), headers: { 'event-id': `${key}-${i * 2 + 1}` } },
        ]);
      }
    } finally {
      await publisher.disconnect();
    }
    const seen = await collectFromTopic(env.kafkaBrokers, topic, (ms) => ms.filter((m) => m.key === key).length >= 6);
    const mine = seen.filter((m) => m.key === key);
    expect(mine.map((m) => (JSON.parse(m.value) as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
    expect(mine[0]!.headers['event-id']).toBe(`${key}-0`);
  });
});
