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

/** Where a verified chain ended: its last version and that event's hash (null: no event yet). */
export interface VerifiedPrefix {
  version: number;
  hash: string | null;
}

/**
 * Recomputes a stream's hash chain from the stored rows. Someone with direct database access who
 * edits a payload, reorders or deletes an event is named here by the first event that no longer
 * fits; the stream head (version and last hash in event_streams) catches a deleted last event.
 */
export async function verifyStream(ds: DataSource, streamId: string): Promise<VerifyResult> {
  const { result } = await verifyStreamFrom(ds, streamId, { version: 0, hash: null });
  return result;
}

/**
 * The same check from a prefix verified before: only the events after `from` are read and
 * hashed, chained to `from.hash`, and the head must match the end. What the prefix holds is not
 * looked at again — the caller decides how long a verified prefix is trusted (see
 * VerifiedStreamCache). `verified` is where the checked chain ends when it is intact.
 */
export async function verifyStreamFrom(
  ds: DataSource,
  streamId: string,
  from: VerifiedPrefix,
): Promise<{ result: VerifyResult; verified: VerifiedPrefix | null }> {
  const rows: EventRow[] = await ds.query(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
    [streamId, from.version],
  );
  let prev: string | null = from.hash;
  let expectedVersion = from.version + 1;
  // As stored, not upcast: the hash covers what was written.
  for (const e of rows.map(toStoredEvent)) {
    const fail = (reason: 'content_changed' | 'chain_broken' | 'version_gap', detail: string) => ({
      result: {
        ok: false as const,
        streamId,
        streamVersion: e.streamVersion,
        eventId: e.eventId,
        reason,
        detail,
      },
      verified: null,
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
  const count = from.version + rows.length;
  if ((head?.version ?? 0) !== count || (head?.last_hash ?? null) !== prev) {
    return {
      result: {
        ok: false,
        streamId,
        // The first version the head claims but no verified event backs.
        streamVersion: count + 1,
        eventId: null,
        reason: 'head_mismatch',
        detail: `the stream head says version ${head?.version ?? 0}, but ${count} events verify: the last event(s) were removed`,
      },
      verified: null,
    };
  }
  return { result: { ok: true, streamId, events: count }, verified: { version: count, hash: prev } };
}
