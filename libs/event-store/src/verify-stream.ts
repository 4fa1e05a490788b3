import type { DataSource } from 'typeorm';
import { eventHash } from './event-hash';

export type VerifyResult =
  | { ok: true; streamId: string; events: number }
  | {
      ok: false;
      streamId: string;
      /** The first event whose content or place in the chain does not match. */
      streamVersion: number;
      eventId: string | null;
      reason: 'content_changed' | 'chain_broken' | 'version_gap' | 'head_mismatch';
      detail: string;
    };

interface Row {
  event_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
  prev_hash: string | null;
  hash: string;
}

/**
 * Recomputes a stream's hash chain from the stored rows. Someone with direct database access who
 * edits a payload, reorders or deletes an event is named here by the first event that no longer
 * fits; the stream head (version and last hash in event_streams) catches a deleted last event.
 */
export async function verifyStream(ds: DataSource, streamId: string): Promise<VerifyResult> {
  const rows: Row[] = await ds.query(
    `SELECT event_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash
     FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  let prev: string | null = null;
  let expectedVersion = 1;
  for (const r of rows) {
    const fail = (reason: 'content_changed' | 'chain_broken' | 'version_gap', detail: string): VerifyResult => ({
      ok: false,
      streamId,
      streamVersion: r.stream_version,
      eventId: r.event_id,
      reason,
      detail,
    });
    if (r.stream_version !== expectedVersion) {
      return fail('version_gap', `expected version ${expectedVersion}, found ${r.stream_version}: an event is missing`);
    }
    if (r.prev_hash !== prev)
      return fail('chain_broken', 'prev_hash does not match the previous event: order changed or an event removed');
    const recomputed = eventHash({
      eventId: r.event_id,
      streamId,
      streamVersion: r.stream_version,
      type: r.type,
      schemaVersion: r.schema_version,
      data: r.data,
      metadata: r.metadata,
      recordedAt: r.recorded_at.toISOString(),
      prevHash: r.prev_hash,
    });
    if (recomputed !== r.hash) return fail('content_changed', 'the stored content does not match its hash');
    prev = r.hash;
    expectedVersion += 1;
  }
  const [head]: { version: number; last_hash: string | null }[] = await ds.query(
    `SELECT version, last_hash FROM event_streams WHERE stream_id = $1`,
    [streamId],
  );
  const count = rows.length;
  if ((head?.version ?? 0) !== count || (head?.last_hash ?? null) !== prev) {
    return {
      ok: false,
      streamId,
      // The first version the head claims but no verified event backs.
      streamVersion: count + 1,
      eventId: null,
      reason: 'head_mismatch',
      detail: `the stream head says version ${head?.version ?? 0}, but ${count} events verify: the last event(s) were removed`,
    };
  }
  return { ok: true, streamId, events: count };
}
