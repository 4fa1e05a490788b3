import type { StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';

/**
 * A read model built from events. `applyBatch` runs inside a transaction that already holds the
 * projection's lock and receives only events it has not applied yet (see ProjectionRunner).
 */
export interface Projection {
  readonly name: string;
  /** The read-model tables, emptied on rebuild. */
  readonly tables: string[];
  applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void>;
}
