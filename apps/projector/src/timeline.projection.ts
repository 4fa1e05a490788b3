import type { StoredEvent } from '@hilfenetz/contracts';
import { caseIdFromStreamId } from '@hilfenetz/domain';
import type { DataSource } from 'typeorm';

/**
 * The case timeline: one row per event of a case stream, with actor and time. Idempotent by event
 * id, so a redelivered message changes nothing.
 */
export class TimelineProjection {
  constructor(private readonly ds: DataSource) {}

  async apply(e: StoredEvent): Promise<void> {
    const caseId = caseIdFromStreamId(e.streamId);
    if (!caseId) return;
    await this.ds.query(
      `INSERT INTO timeline_entries
         (event_id, case_id, global_position, stream_version, type, occurred_at, actor_id, actor_role, organisation_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        e.eventId,
        caseId,
        e.globalPosition,
        e.streamVersion,
        e.type,
        e.recordedAt,
        e.metadata.actorId,
        e.metadata.actorRole,
        e.metadata.organisationId ?? null,
        JSON.stringify(e.data),
      ],
    );
  }
}
