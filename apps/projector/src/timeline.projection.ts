import type { StoredEvent } from '@hilfenetz/contracts';
import { copyTimelineRows, timelineInsert } from '@hilfenetz/persistence';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/** The case timeline: one row per event of a case stream, with actor and time. */
export class TimelineProjection implements Projection {
  readonly name = 'timeline';
  readonly tables = ['timeline_entries'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    const q = timelineInsert('timeline_entries', events, { skipExisting: true });
    if (q) await m.query(q.text, q.values);
  }

  /** Rebuilt in a shadow table (docs/adr/0052), its rows written with COPY. */
  readonly shadowRebuild = {
    table: 'timeline_entries',
    async write(m: EntityManager, events: StoredEvent[], into: string): Promise<void> {
      await copyTimelineRows(m, into, events);
    },
  };
}
