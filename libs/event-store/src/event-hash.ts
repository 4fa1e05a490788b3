import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export interface HashableEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
  prevHash: string | null;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the event and its predecessor's hash. Canonical form
 * because jsonb does not keep key order: the hash must not depend on how Postgres stores it.
 */
export function eventHash(e: HashableEvent): string {
  const canonical = canonicalize({
    eventId: e.eventId,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
    prevHash: e.prevHash,
  });
  if (canonical === undefined) throw new Error('event is not serialisable');
  return createHash('sha256').update(canonical).digest('hex');
}
