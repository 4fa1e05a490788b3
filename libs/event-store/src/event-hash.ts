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

/**
 * The canonical JSON of `eventHash` cut around the two values only the database knows when it
 * appends (`prevHash`, `streamVersion`): `c0 + JSON(prevHash) + c1 + streamVersion + c2` is
 * byte for byte what `eventHash` hashes. RFC 8785 sorts members by their UTF-16 code units, which
 * for these keys is: data, eventId, metadata, prevHash, recordedAt, schemaVersion, streamId,
 * streamVersion, type; no whitespace. `hilfenetz_append` (migration 1764000000101) joins the
 * pieces and hashes them in SQL.
 */
export type CanonicalPieces = [c0: string, c1: string, c2: string];

export function canonicalPieces(e: Omit<HashableEvent, 'prevHash' | 'streamVersion'>): CanonicalPieces {
  const c = (v: unknown): string => {
    const s = canonicalize(v);
    if (s === undefined) throw new Error('event is not serialisable');
    return s;
  };
  return [
    `{"data":${c(e.data)},"eventId":${c(e.eventId)},"metadata":${c(e.metadata)},"prevHash":`,
    `,"recordedAt":${c(e.recordedAt)},"schemaVersion":${c(e.schemaVersion)},"streamId":${c(e.streamId)},"streamVersion":`,
    `,"type":${c(e.type)}}`,
  ];
}

/** What `hilfenetz_append` computes from the pieces; used by tests to pin the two forms together. */
export function eventHashFromPieces(p: CanonicalPieces, streamVersion: number, prevHash: string | null): string {
  const canonical = `${p[0]}${prevHash === null ? 'null' : JSON.stringify(prevHash)}${p[1]}${streamVersion}${p[2]}`;
  return createHash('sha256').update(canonical).digest('hex');
}
