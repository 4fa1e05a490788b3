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
   * A projection with one table listed in `shadow_rebuild_tables` is rebuilt beside the live table
   * and swapped in at the end (docs/adr/0052): readers keep the whole old read model meanwhile, a
   * failed rebuild leaves it untouched, and the indexes are built once, after the rows. `write`
   * puts rows known not to exist yet (each event is handed over once) into `into`, a table of
   * `table`'s shape without indexes. Without it the rebuild empties `tables` and replays with
   * `applyBatch`.
   */
  readonly shadowRebuild?: {
    table: string;
    write(m: EntityManager, events: StoredEvent[], into: string): Promise<void>;
  };
}
