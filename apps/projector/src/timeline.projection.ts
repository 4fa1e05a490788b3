import type { StoredEvent } from '@hilfenetz/contracts';
import { caseIdFromStreamId } from '@hilfenetz/domain';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/** The case timeline: one row per event of a case stream, with actor and time. */
export class TimelineProjection implements Projection {
  readonly name = 'timeline';
  readonly tables = ['timeline_entries'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    const rows = events.filter((e) => caseIdFromStreamId(e.streamId) !== null);
    for (let i = 0; i < rows.length; i += 1_000) {
      const chunk = rows.slice(i, i + 1_000);
      const values: unknown[] = [];
      const tuples = chunk.map((e) => {
        const base = values.length;
        values.push(
          e.eventId,
          caseIdFromStreamId(e.streamId),
          e.globalPosition,
          e.streamVersion,
          e.type,
          e.recordedAt,
          e.metadata.actorId,
          e.metadata.actorRole,
          e.metadata.organisationId ?? null,
          JSON.stringify(e.data),
        );
        return `(${Array.from({ length: 10 }, (_, k) => `$${base + k + 1}`).join(',')})`;
      });
      await m.query(
        `INSERT INTO timeline_entries
           (event_id, case_id, global_position, stream_version, type, occurred_at, actor_id, actor_role, organisation_id, data)
         VALUES ${tuples.join(',')}
         ON CONFLICT (event_id) DO NOTHING`,
        values,
      );
    }
  }
}
