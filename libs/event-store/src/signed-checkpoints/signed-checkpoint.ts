import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/**
 * One row of the checkpoint log (migration 1764000000141). Every field but `signature` is signed.
 * Positions and transaction ids are decimal strings: bigint and xid8 do not fit a JS number.
 */
export interface SignedCheckpoint {
  seq: number;
  createdAt: string;
  /** Covers every event whose transaction id is below this one. */
  xidHorizon: string;
  /** The highest global position covered ('0' for an empty log). */
  globalPosition: string;
  eventCount: string;
  streamCount: number;
  merkleRoot: string;
  /** `checkpointRowHash` of the previous checkpoint; null for the first. */
  prevHash: string | null;
  keyId: string;
  signature: string;
}

/**
 * The signed bytes: RFC 8785 canonical JSON with a format tag, so a signature made for something
 * else can never pass as a checkpoint's, and a later format cannot be confused with this one.
 */
export function checkpointPayload(c: Omit<SignedCheckpoint, 'signature'>): string {
  const s = canonicalize({
    format: 'hilfenetz-checkpoint/1',
    seq: c.seq,
    createdAt: c.createdAt,
    xidHorizon: c.xidHorizon,
    globalPosition: c.globalPosition,
    eventCount: c.eventCount,
    streamCount: c.streamCount,
    merkleRoot: c.merkleRoot,
    prevHash: c.prevHash,
    keyId: c.keyId,
  });
  if (s === undefined) throw new Error('checkpoint is not serialisable');
  return s;
}

/** What the next checkpoint names as `prevHash`: its predecessor, signature included. */
export function checkpointRowHash(c: SignedCheckpoint): string {
  return createHash('sha256').update(checkpointPayload(c)).update('\n').update(c.signature).digest('hex');
}
