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

/** A row as `EVENT_JSON_COLUMNS` selects it: data and metadata as the JSON text Postgres holds. */
export interface EventJsonRow extends Omit<EventRow, 'data' | 'metadata'> {
  data: string;
  metadata: string;
}

/** `EVENT_COLUMNS` with data and metadata as text: the driver hands them over without parsing. */
export const EVENT_JSON_COLUMNS = `global_position::text, transaction_id::text, event_id, stream_id, stream_version, type,
  schema_version, data::text AS data, metadata::text AS metadata, recorded_at, prev_hash, hash`;

/** The row with data and metadata parsed: what `toStoredEvent` takes. */
export function parsedRow(r: EventJsonRow): EventRow {
  return { ...r, data: JSON.parse(r.data) as unknown, metadata: JSON.parse(r.metadata) as StoredEvent['metadata'] };
}

/**
 * `JSON.stringify(toStoredEvent(row))` without parsing data and metadata only to write them out
 * again: the stored JSON text is spliced in as it is. It parses to the same envelope (Postgres's
 * text of a jsonb has a space after each colon and comma; nothing else differs). The relay ships
 * every event this way: parse and stringify were a sixth of its cost per event (issue 16).
 */
export function envelopeJson(r: EventJsonRow): string {
  return (
    `{"eventId":${JSON.stringify(r.event_id)},"streamId":${JSON.stringify(r.stream_id)},` +
    `"streamVersion":${r.stream_version},"globalPosition":${JSON.stringify(r.global_position)},` +
    `"transactionId":${JSON.stringify(r.transaction_id)},"type":${JSON.stringify(r.type)},` +
    `"schemaVersion":${r.schema_version},"data":${r.data},"metadata":${r.metadata},` +
    `"recordedAt":${JSON.stringify(r.recorded_at.toISOString())},"prevHash":${JSON.stringify(r.prev_hash)},` +
    `"hash":${JSON.stringify(r.hash)}}`
  );
}
