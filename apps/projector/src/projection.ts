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
  /**
   * The rebuild's write, when the projection has a faster one for rows known not to exist yet
   * (the rebuild emptied the tables under the exclusive lock and hands each event over once);
   * `applyBatch` otherwise.
   */
  rebuildBatch?(m: EntityManager, events: StoredEvent[]): Promise<void>;
}
