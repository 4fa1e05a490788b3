import type { DataSource } from 'typeorm';
import { allCheckpoints, headsAt } from './checkpoint-log';
import { checkpointSignatureValid, type TrustedCheckpointKeys } from './checkpoint-keys';
import { checkpointPayload, checkpointRowHash, type SignedCheckpoint } from './signed-checkpoint';
import {
  compareWithCheckpoint,
  headsMerkleRoot,
  observeEvent,
  type ObservedStream,
  type TamperFinding,
} from './stream-heads';

export interface CheckpointVerification {
  /** The latest checkpoint, which the log was compared with; null when none was written yet. */
  latest: SignedCheckpoint | null;
  checkpoints: number;
  findings: TamperFinding[];
}

/**
 * Checks the checkpoint log (every row signed by a trusted key, chained to its predecessor, none
 * missing) and then the event log against its latest checkpoint: a stream deleted, truncated,
 * rewritten or reordered below that checkpoint's horizon is named with what happened to it.
 * With `streamIds`, only those streams are compared. What changed after the latest checkpoint is
 * the per-stream hash chain's to find (`verifyStream`), up to the next checkpoint.
 */
export async function verifySignedCheckpoints(
  ds: DataSource,
  trusted: TrustedCheckpointKeys,
  opts: { streamIds?: readonly string[]; batchSize?: number } = {},
): Promise<CheckpointVerification> {
  const log = await allCheckpoints(ds);
  const findings = checkLog(log, trusted);
  const latest = log[log.length - 1] ?? null;
  if (!latest) return { latest, checkpoints: 0, findings };

  const signed = await headsAt(ds, latest.seq);
  const { root, count } = headsMerkleRoot(signed.values());
  if (root !== latest.merkleRoot || count !== latest.streamCount) {
    findings.push({
      streamId: null,
      kind: 'checkpoint_invalid',
      detail: `the heads stored for checkpoint ${latest.seq} do not give its signed Merkle root (a head row was changed or deleted)`,
    });
  }
  const only = opts.streamIds ? new Set(opts.streamIds) : null;
  const wanted = only ? new Map([...signed].filter(([id]) => only.has(id))) : signed;
  const observed = await observeBelow(ds, latest.xidHorizon, opts.streamIds ?? null, opts.batchSize ?? 5000);
  findings.push(...compareWithCheckpoint(wanted, observed));
  return { latest, checkpoints: log.length, findings };
}

function checkLog(log: SignedCheckpoint[], trusted: TrustedCheckpointKeys): TamperFinding[] {
  const findings: TamperFinding[] = [];
  const bad = (seq: number, detail: string) =>
    findings.push({ streamId: null, kind: 'checkpoint_invalid', detail: `checkpoint ${seq}: ${detail}` });
  log.forEach((c, i) => {
    if (c.seq !== i + 1) bad(c.seq, `expected number ${i + 1}: a checkpoint before it is missing`);
    const prev = log[i - 1];
    if ((prev ? checkpointRowHash(prev) : null) !== c.prevHash)
      bad(c.seq, 'does not chain to the checkpoint before it');
    const key = trusted.get(c.keyId);
    if (!key) bad(c.seq, `signed by key ${c.keyId}, which is not among the trusted public keys`);
    else if (!checkpointSignatureValid(checkpointPayload(c), c.signature, key))
      bad(c.seq, 'its signature does not verify');
  });
  return findings;
}

/** Every stream as its events below the horizon show it, read in (stream, version) order. */
async function observeBelow(
  ds: DataSource,
  horizon: string,
  streamIds: readonly string[] | null,
  batchSize: number,
): Promise<Map<string, ObservedStream>> {
  const observed = new Map<string, ObservedStream>();
  for (let after = { stream: '', version: 0 }; ;) {
    const rows: {
      stream_id: string;
      stream_version: number;
      hash: string;
      transaction_id: string;
      global_position: string;
    }[] = await ds.query(
      `SELECT stream_id, stream_version, hash, transaction_id::text, global_position::text FROM events
          WHERE transaction_id < $1::xid8 AND (stream_id, stream_version) > ($2, $3)
            AND ($4::text[] IS NULL OR stream_id = ANY($4::text[]))
          ORDER BY stream_id, stream_version LIMIT $5`,
      [horizon, after.stream, after.version, streamIds, batchSize],
    );
    for (const r of rows) {
      observed.set(
        r.stream_id,
        observeEvent(observed.get(r.stream_id), {
          streamId: r.stream_id,
          streamVersion: r.stream_version,
          hash: r.hash,
          transactionId: r.transaction_id,
          globalPosition: r.global_position,
        }),
      );
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchSize) break;
    after = { stream: last.stream_id, version: last.stream_version };
  }
  return observed;
}
