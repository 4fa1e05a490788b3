import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { merkleLeafHash, merkleRootOfLeafHashes } from './merkle-root';

/**
 * A stream's head as a checkpoint signs it: its last version, that event's hash (which chains
 * over the whole stream's content and order), and `positions`, a hash chain over the global
 * places (transaction id, global position) of its events in version order. `positions` is what
 * pins the global order: the content chain does not cover it.
 */
export interface StreamHead {
  streamId: string;
  version: number;
  hash: string;
  positions: string;
}

/** Where an event sits in the log, as `positions` chains it. */
export interface LogPlace {
  transactionId: string;
  globalPosition: string;
}

export function nextPositions(prev: string | null, place: LogPlace): string {
  return createHash('sha256')
    .update(`${prev ?? ''}|${place.transactionId}:${place.globalPosition}`)
    .digest('hex');
}

function leafOf(h: StreamHead): Buffer {
  const s = canonicalize({ streamId: h.streamId, version: h.version, hash: h.hash, positions: h.positions });
  if (s === undefined) throw new Error('stream head is not serialisable');
  return merkleLeafHash(Buffer.from(s, 'utf8'));
}

/** The Merkle root over the heads, ordered by stream id (UTF-16 code units, never a collation). */
export function headsMerkleRoot(heads: Iterable<StreamHead>): { root: string; count: number } {
  const sorted = [...heads].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  return { root: merkleRootOfLeafHashes(sorted.map(leafOf)), count: sorted.length };
}

export type TamperKind =
  /** A stream the checkpoint signed has no event left below its horizon. */
  | 'stream_deleted'
  /** The stream ends before the version the checkpoint signed: its tail was dropped. */
  | 'truncated'
  /** An event below the signed version is missing (the versions have a gap). */
  | 'event_deleted'
  /** The event at the signed version has another hash: content or order rewritten and re-chained. */
  | 'rewritten'
  /** Same events, but other global places: the commit order was changed. */
  | 'reordered'
  /** Events below the horizon that the checkpoint did not sign (backdated into the past). */
  | 'inserted'
  /** A new event does not continue its stream's chain (the checkpoint writer refuses to sign it). */
  | 'chain_broken'
  /** A stored hash does not match the event's content. */
  | 'content_changed'
  /** The checkpoint log itself: a bad signature, an unknown key, a broken chain or edited heads. */
  | 'checkpoint_invalid'
  /** The case's last hold event placed a hold, but no hold row stands: erasure would pass §9b. */
  | 'hold_removed'
  /** A hold row stands without a LegalHoldPlaced event after the last lift. */
  | 'hold_without_event'
  /** A data subject's key is destroyed, but no DataSubjectErased event says so. */
  | 'key_destroyed_without_event'
  /** A DataSubjectErased event exists, but the key is there again (restored from a copy). */
  | 'erased_key_restored';

export interface TamperFinding {
  /** The stream concerned; null for findings about the checkpoint log as a whole. */
  streamId: string | null;
  kind: TamperKind;
  detail: string;
}

/** A stream as the events below a checkpoint's horizon show it now. */
export interface ObservedStream extends StreamHead {
  /** How many events it has below the horizon (less than `version` when one in between is gone). */
  events: number;
}

/** Folds the stream's next event (in version order) into what verify observes. */
export function observeEvent(
  prev: ObservedStream | undefined,
  e: { streamId: string; streamVersion: number; hash: string } & LogPlace,
): ObservedStream {
  return {
    streamId: e.streamId,
    version: e.streamVersion,
    hash: e.hash,
    positions: nextPositions(prev?.positions ?? null, e),
    events: (prev?.events ?? 0) + 1,
  };
}

/**
 * Compares what a checkpoint signed with what the log holds below its horizon now. Each stream
 * gets at most one finding, the most telling one.
 */
export function compareWithCheckpoint(
  signed: ReadonlyMap<string, StreamHead>,
  observed: ReadonlyMap<string, ObservedStream>,
): TamperFinding[] {
  const findings: TamperFinding[] = [];
  for (const [streamId, s] of signed) {
    const o = observed.get(streamId);
    const at = `the checkpoint signed version ${s.version}`;
    if (!o) findings.push({ streamId, kind: 'stream_deleted', detail: `${at}; no event of the stream is left` });
    else if (o.version < s.version)
      findings.push({ streamId, kind: 'truncated', detail: `${at}; the stream now ends at version ${o.version}` });
    else if (o.version > s.version)
      findings.push({
        streamId,
        kind: 'inserted',
        detail: `${at}; below its horizon the stream now reaches ${o.version}`,
      });
    else if (o.events !== o.version)
      findings.push({ streamId, kind: 'event_deleted', detail: `${at}; only ${o.events} of its events are left` });
    else if (o.hash !== s.hash)
      findings.push({ streamId, kind: 'rewritten', detail: `${at}; its event there has another hash now` });
    else if (o.positions !== s.positions)
      findings.push({ streamId, kind: 'reordered', detail: `${at}; its events sit at other places in the log now` });
  }
  for (const streamId of observed.keys()) {
    if (!signed.has(streamId)) {
      findings.push({
        streamId,
        kind: 'inserted',
        detail: 'a stream below the horizon that the checkpoint did not sign',
      });
    }
  }
  return findings;
}

/** An event the checkpoint writer extends the heads with (in commit order). */
export interface NewLogEvent extends LogPlace {
  streamId: string;
  streamVersion: number;
  prevHash: string | null;
  hash: string;
  /** Whether the stored hash matches the event's content, recomputed by the writer. */
  contentMatches: boolean;
}

/**
 * Extends `heads` (mutated) by an event appended since the previous checkpoint, or says why it
 * cannot: an appended event continues its stream's chain at the next version, so anything else
 * means the log was changed underneath, and signing it would launder the change.
 */
export function extendHeads(heads: Map<string, StreamHead>, e: NewLogEvent): TamperFinding | null {
  const head = heads.get(e.streamId);
  const expected = (head?.version ?? 0) + 1;
  if (e.streamVersion !== expected || e.prevHash !== (head?.hash ?? null)) {
    return {
      streamId: e.streamId,
      kind: head && e.streamVersion <= head.version ? 'rewritten' : 'chain_broken',
      detail: `version ${e.streamVersion} does not continue the stream at version ${expected - 1}`,
    };
  }
  if (!e.contentMatches) {
    return {
      streamId: e.streamId,
      kind: 'content_changed',
      detail: `version ${e.streamVersion} does not match its hash`,
    };
  }
  heads.set(e.streamId, {
    streamId: e.streamId,
    version: e.streamVersion,
    hash: e.hash,
    positions: nextPositions(head?.positions ?? null, e),
  });
  return null;
}
