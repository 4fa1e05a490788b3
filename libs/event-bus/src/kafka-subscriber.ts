import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
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
      eachMessage: async ({ topic: t, partition, message }) => handle(this.received(t, partition, message)),
    });
  }

  /**
   * Hands what one fetch brought from a partition to `handle` in chunks of at most `maxBatch`, in
   * partition order; each chunk's offsets are committed only after `handle` resolved. A handler that
   * writes once per chunk (one transaction for many events) does the work of many `run` calls at
   * the cost of one: under load a projection catches up instead of falling behind one commit per
   * event. A failed chunk is fetched again from its first offset, so handlers must be idempotent.
   */
  async runBatches(
    topic: string,
    handle: (messages: ReceivedMessage[]) => Promise<void>,
    opts: { fromBeginning?: boolean; maxBatch?: number } = {},
  ): Promise<void> {
    const maxBatch = opts.maxBatch ?? 500;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let i = 0; i < batch.messages.length; i += maxBatch) {
          // A rebalance or stop while we worked: the rest belongs to whoever holds the partition now.
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(i, i + maxBatch);
          await handle(chunk.map((m) => this.received(batch.topic, batch.partition, m)));
          resolveOffset(chunk[chunk.length - 1]!.offset);
          await heartbeat();
        }
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  private received(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? String(v[0]) : String(v);
    }
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? '',
      value: this.codec ? this.codec.decode(message.value?.toString() ?? '') : (message.value?.toString() ?? ''),
      headers,
    };
  }
}
