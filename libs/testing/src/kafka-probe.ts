import { createKafka, KafkaSubscriber, type ReceivedMessage } from '@hilfenetz/event-bus';
import { KafkaValueCodec } from '@hilfenetz/transport-encryption';
import { randomUUID } from 'node:crypto';

/**
 * Reads a topic from the beginning with a throw-away consumer group and collects what it sees,
 * so a test can assert on what really reached the broker (`raw`: the values exactly as stored
 * there; otherwise decrypted with the apps' key).
 */
export async function collectFromTopic(
  brokers: string[],
  topic: string,
  until: (seen: ReceivedMessage[]) => boolean,
  timeoutMs = 30_000,
  opts: { raw?: boolean } = {},
): Promise<ReceivedMessage[]> {
  const kafka = createKafka({ brokers, clientId: 'hilfenetz-test-probe' });
  // Reads what the apps wrote with the key they use (values written without one pass through).
  const key = process.env.PERSONAL_DATA_MASTER_KEY;
  const sub = new KafkaSubscriber(kafka, `test-probe-${randomUUID()}`, {
    ...(key && !opts.raw ? { valueCodec: new KafkaValueCodec(key) } : {}),
  });
  const seen: ReceivedMessage[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const timer = setTimeout(done, timeoutMs);
  try {
    await sub.run(
      topic,
      async (m) => {
        seen.push(m);
        if (until(seen)) done();
      },
      { fromBeginning: true },
    );
    await finished;
  } finally {
    clearTimeout(timer);
    await sub.stop();
  }
  return seen;
}
