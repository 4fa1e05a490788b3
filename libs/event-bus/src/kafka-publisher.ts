import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { BusMessage, EventPublisher } from './event-bus.ports';

/** Idempotent producer: a retried send after a lost ack does not write the message twice. */
export class KafkaPublisher implements EventPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({
      topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
