import type { StoredEvent } from '@hilfenetz/contracts';

/** A row of `events` as `EVENT_COLUMNS` selects it. */
export interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recorded_at: Date;
  prev_hash: string | null;
  hash: string;
}

/** The select list of a whole event (positions as text: bigint and xid8 do not fit a JS number). */
export const EVENT_COLUMNS = `global_position::text, transaction_id::text, event_id, stream_id, stream_version, type,
  schema_version, data, metadata, recorded_at, prev_hash, hash`;

/** The one mapping of a stored row to its envelope, as written (not upcast). */
export function toStoredEvent(r: EventRow): StoredEvent {
  return {
    eventId: r.event_id,
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    globalPosition: r.global_position,
    transactionId: r.transaction_id,
    type: r.type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at.toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
