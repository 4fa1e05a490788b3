import type { StoredEvent } from '@hilfenetz/contracts';
import { caseIdFromStreamId } from '@hilfenetz/domain';

/**
 * One row of a case's timeline read model (table timeline_entries, migration 1764000000001), and
 * the one mapping of an event to it, shared by the projection and the rebuild benchmark. Plain SQL,
 * no TypeORM entity (docs/adr/0011). Not an API type: the API maps rows to TimelineEntryDto.
 */
export const TIMELINE_ENTRY_COLUMNS = [
  'event_id',
  'case_id',
  'global_position',
  'stream_version',
  'type',
  'occurred_at',
  'actor_id',
  'actor_role',
  'organisation_id',
  'data',
] as const;

/** The row's values in TIMELINE_ENTRY_COLUMNS order; null for an event outside a case stream. */
export function timelineEntryValues(e: StoredEvent): unknown[] | null {
  const caseId = caseIdFromStreamId(e.streamId);
  if (caseId === null) return null;
  return [
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
  ];
}

export interface TimelineInsertOptions {
  /** `ON CONFLICT (event_id) DO NOTHING`: a redelivered event writes nothing. */
  skipExisting: boolean;
  /** Rows per statement (each row takes 10 parameters; Postgres allows 65,535). */
  chunk?: number;
}

/** Multi-row INSERTs of the case events' timeline rows into `table` (timeline_entries or a copy of it). */
export function timelineInserts(
  table: string,
  events: readonly StoredEvent[],
  opts: TimelineInsertOptions,
): { text: string; values: unknown[] }[] {
  const rows = events.map(timelineEntryValues).filter((r): r is unknown[] => r !== null);
  const chunk = opts.chunk ?? 1_000;
  const width = TIMELINE_ENTRY_COLUMNS.length;
  const statements: { text: string; values: unknown[] }[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const tuples = part.map(
      (_, r) => `(${Array.from({ length: width }, (_x, k) => `$${r * width + k + 1}`).join(',')})`,
    );
    statements.push({
      text: `INSERT INTO ${table} (${TIMELINE_ENTRY_COLUMNS.join(', ')})
         VALUES ${tuples.join(',')}${opts.skipExisting ? '\n         ON CONFLICT (event_id) DO NOTHING' : ''}`,
      values: part.flat(),
    });
  }
  return statements;
}
