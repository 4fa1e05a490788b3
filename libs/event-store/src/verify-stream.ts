import type { DataSource } from 'typeorm';
import { eventHash } from './event-hash';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './event-rows';

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

/**
 * Recomputes a stream's hash chain from the stored rows. Someone with direct database access who
 * edits a payload, reorders or deletes an event is named here by the first event that no longer
 * fits; the stream head (version and last hash in event_streams) catches a deleted last event.
 */
export async function verifyStream(ds: DataSource, streamId: string): Promise<VerifyResult> {
  const rows: EventRow[] = await ds.query(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  let prev: string | null = null;
  let expectedVersion = 1;
  // As stored, not upcast: the hash covers what was written.
  for (const e of rows.map(toStoredEvent)) {
    const fail = (reason: 'content_changed' | 'chain_broken' | 'version_gap', detail: string): VerifyResult => ({
      ok: false,
      streamId,
      streamVersion: e.streamVersion,
      eventId: e.eventId,
      reason,
      detail,
    });
    if (e.streamVersion !== expectedVersion) {
      return fail('version_gap', `expected version ${expectedVersion}, found ${e.streamVersion}: an event is missing`);
    }
    if (e.prevHash !== prev)
      return fail('chain_broken', 'prev_hash does not match the previous event: order changed or an event removed');
    if (eventHash(e) !== e.hash) return fail('content_changed', 'the stored content does not match its hash');
    prev = e.hash;
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
