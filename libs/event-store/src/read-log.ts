import type { StoredEvent } from '@hilfenetz/contracts';
import { checkpointAfter, START_OF_LOG, type LogCheckpoint } from './checkpoint';
import type { EventStore } from './event-store.port';

/**
 * The log after `from` in commit order, batch by batch (`readAll`), until a read comes back empty.
 * Each batch is read when the previous one has been consumed.
 */
export async function* readLogBatches(
  store: EventStore,
  from: LogCheckpoint = START_OF_LOG,
  batchSize = 500,
): AsyncGenerator<StoredEvent[]> {
  for (let at = from; ;) {
    const batch = await store.readAll(at, batchSize);
    if (batch.length === 0) return;
    yield batch;
    at = checkpointAfter(batch[batch.length - 1]!);
  }
}
