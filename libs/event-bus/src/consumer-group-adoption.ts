import type { Kafka } from 'kafkajs';

export type Adoption = 'adopted' | 'has-offsets' | 'nothing-to-adopt';

/**
 * Lets a new consumer group start where a set of older groups it replaces all were, instead of at
 * the beginning of the topic: per partition the lowest offset any of them committed (so none of
 * them misses a message; what some already had comes again and is skipped as a redelivery). A
 * partition one of them never committed on is left unset (read from the beginning: safe, slow).
 * Does nothing once the group has offsets of its own, or while it has members (another replica
 * started it first).
 */
export async function adoptGroupOffsets(
  kafka: Kafka,
  opts: { topic: string; groupId: string; from: readonly string[]; patienceMs?: number },
): Promise<Adoption> {
  // A broker that has just started may still be loading the group offsets
  // (GROUP_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE: retriable, and longer than kafkajs's own
  // retries on a fresh three-broker cluster): asked again until the patience runs out.
  const deadline = Date.now() + (opts.patienceMs ?? 60_000);
  for (;;) {
    try {
      return await adoptOnce(kafka, opts);
    } catch (err) {
      // kafkajs gives up on a retriable error with KafkaJSNumberOfRetriesExceeded, itself "not retriable".
      const e = err as { retriable?: unknown; name?: unknown };
      const retriable = e.retriable === true || e.name === 'KafkaJSNumberOfRetriesExceeded';
      if (!retriable || Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

async function adoptOnce(
  kafka: Kafka,
  opts: { topic: string; groupId: string; from: readonly string[] },
): Promise<Adoption> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [own] = await admin.fetchOffsets({ groupId: opts.groupId, topics: [opts.topic] });
    if ((own?.partitions ?? []).some((p) => p.offset !== '-1')) return 'has-offsets';
    const older = await Promise.all(
      opts.from.map(async (groupId) => {
        const [t] = await admin.fetchOffsets({ groupId, topics: [opts.topic] });
        return new Map((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
      }),
    );
    if (older.length === 0) return 'nothing-to-adopt';
    const partitions: { partition: number; offset: string }[] = [];
    for (const partition of older[0]!.keys()) {
      const offsets = older.map((o) => o.get(partition) ?? '-1');
      if (offsets.some((o) => o === '-1')) continue;
      const lowest = offsets.reduce((a, b) => (BigInt(b) < BigInt(a) ? b : a));
      partitions.push({ partition, offset: lowest });
    }
    if (partitions.length === 0) return 'nothing-to-adopt';
    try {
      await admin.setOffsets({ groupId: opts.groupId, topic: opts.topic, partitions });
    } catch (err) {
      // Members joined meanwhile (kafkajs refuses then): the group runs on offsets of its own.
      if (err instanceof Error && /no running instances/.test(err.message)) return 'has-offsets';
      throw err;
    }
    return 'adopted';
  } finally {
    await admin.disconnect();
  }
}
