/**
 * Our own ports in front of Kafka. kafkajs is unmaintained: everything outside this library talks
 * to these interfaces, so the client can be swapped without touching relay or projections.
 */
export interface BusMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface EventPublisher {
  connect(): Promise<void>;
  /** Resolves once the broker acknowledged every message (acks=all, idempotent producer). */
  publish(topic: string, messages: BusMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ReceivedMessage extends BusMessage {
  topic: string;
  partition: number;
  offset: string;
}

export interface EventSubscriber {
  /**
   * Calls `handle` for each message in partition order. The offset is committed only after
   * `handle` resolved: a crash replays, so handlers must be idempotent.
   */
  run(topic: string, handle: (m: ReceivedMessage) => Promise<void>, opts?: { fromBeginning?: boolean }): Promise<void>;
  /**
   * Calls `handle` with consecutive messages of one partition, in order, at most `maxBatch` at a
   * time; offsets are committed after `handle` resolved, so a crash replays the whole batch.
   */
  runBatches(
    topic: string,
    handle: (messages: ReceivedMessage[]) => Promise<void>,
    opts?: { fromBeginning?: boolean; maxBatch?: number },
  ): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Transforms message values on their way to and from the broker: the relay encodes (per event type,
 * `toWireMessage`), `KafkaSubscriber` decodes; the apps pass an encrypting one
 * (libs/transport-encryption, docs/adr/0009) so the broker never holds free text in clear.
 */
export interface ValueCodec {
  encode(value: string): string;
  decode(value: string): string;
}
