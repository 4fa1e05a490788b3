import type { Consumer, Kafka } from 'kafkajs';
import type { EventSubscriber, ReceivedMessage, ValueCodec } from './event-bus.ports';

export class KafkaSubscriber implements EventSubscriber {
  private readonly consumer: Consumer;
  private readonly codec: ValueCodec | undefined;

  constructor(kafka: Kafka, groupId: string, opts: { valueCodec?: ValueCodec } = {}) {
    this.codec = opts.valueCodec;
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000 });
  }

  async run(
    topic: string,
    handle: (m: ReceivedMessage) => Promise<void>,
    opts: { fromBeginning?: boolean } = {},
  ): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: true,
      eachMessage: async ({ topic: t, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) {
          if (v !== undefined) headers[k] = Array.isArray(v) ? String(v[0]) : String(v);
        }
        await handle({
          topic: t,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: this.codec ? this.codec.decode(message.value?.toString() ?? '') : (message.value?.toString() ?? ''),
          headers,
        });
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
