import type { DataSource } from 'typeorm';
import { verifyHoldsAndKeys } from './personal-data/verify-holds-and-keys';
import { parseTrustedCheckpointKeys } from './signed-checkpoints/checkpoint-keys';
import { verifySignedCheckpoints, type CheckpointVerification } from './signed-checkpoints/signed-checkpoint-verify';
import type { TamperFinding } from './signed-checkpoints/stream-heads';
import { verifyStream, type VerifyResult } from './verify-stream';

export interface EventLogVerification {
  streams: VerifyResult[];
  /**
   * The log against its latest signed checkpoint; `keys-missing` when checkpoints exist but no
   * trusted public key was given (they cannot be checked, which counts as a finding).
   */
  checkpoint: CheckpointVerification | 'keys-missing' | null;
  /** Holds and data-subject keys the log does not explain; only when the whole log was checked. */
  holdsAndKeys: TamperFinding[];
  /** How many findings in all: broken streams, checkpoint findings, holds and keys. 0 = intact. */
  findings: number;
}

/**
 * Everything `npm run events:verify` checks, as one result: the hash chain of every stream (or of
 * `streamIds`), the log against its latest signed checkpoint, and (for the whole log) the legal
 * holds and subject keys against their events. A restored backup is checked with the same call
 * (backup/postgres-backup.ts), so "the restore is intact" means what "the log is intact" means.
 */
export async function verifyEventLog(
  ds: DataSource,
  opts: { trustedPublicKeys?: string; streamIds?: readonly string[] } = {},
): Promise<EventLogVerification> {
  const ids = opts.streamIds?.length
    ? [...opts.streamIds]
    : ((await ds.query(`SELECT stream_id FROM event_streams ORDER BY stream_id`)) as { stream_id: string }[]).map(
        (r) => r.stream_id,
      );
  const streams: VerifyResult[] = [];
  for (const id of ids) streams.push(await verifyStream(ds, id));

  const keys = opts.trustedPublicKeys?.trim() ?? '';
  let checkpoint: EventLogVerification['checkpoint'];
  if (keys) {
    const v = await verifySignedCheckpoints(
      ds,
      parseTrustedCheckpointKeys(keys),
      opts.streamIds?.length ? { streamIds: opts.streamIds } : {},
    );
    checkpoint = v.latest ? v : null;
  } else {
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM signed_checkpoints`)) as [{ n: number }];
    checkpoint = n === 0 ? null : 'keys-missing';
  }
  const holdsAndKeys = opts.streamIds?.length ? [] : await verifyHoldsAndKeys(ds);
  const checkpointFindings = checkpoint === 'keys-missing' ? 1 : checkpoint === null ? 0 : checkpoint.findings.length;
  return {
    streams,
    checkpoint,
    holdsAndKeys,
    findings: streams.filter((s) => !s.ok).length + checkpointFindings + holdsAndKeys.length,
  };
}
