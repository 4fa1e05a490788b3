import type { EntityManager } from 'typeorm';
import type { SignedCheckpoint } from './signed-checkpoint';
import type { StreamHead } from './stream-heads';

/** Reads of the checkpoint log (migration 1764000000141), shared by the writer and verify. */

interface CheckpointRow {
  seq: string;
  created_at: Date;
  xid_horizon: string;
  global_position: string;
  event_count: string;
  stream_count: number;
  merkle_root: string;
  prev_hash: string | null;
  key_id: string;
  signature: string;
}

const CHECKPOINT_COLUMNS = `seq::text, created_at, xid_horizon::text, global_position::text, event_count::text,
  stream_count, merkle_root, prev_hash, key_id, signature`;

function toCheckpoint(r: CheckpointRow): SignedCheckpoint {
  return {
    seq: Number(r.seq),
    createdAt: r.created_at.toISOString(),
    xidHorizon: r.xid_horizon,
    globalPosition: r.global_position,
    eventCount: r.event_count,
    streamCount: r.stream_count,
    merkleRoot: r.merkle_root,
    prevHash: r.prev_hash,
    keyId: r.key_id,
    signature: r.signature,
  };
}

type Queryable = Pick<EntityManager, 'query'>;

export async function latestCheckpoint(m: Queryable): Promise<SignedCheckpoint | null> {
  const rows: CheckpointRow[] = await m.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM signed_checkpoints ORDER BY seq DESC LIMIT 1`,
  );
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

export async function allCheckpoints(m: Queryable): Promise<SignedCheckpoint[]> {
  const rows: CheckpointRow[] = await m.query(`SELECT ${CHECKPOINT_COLUMNS} FROM signed_checkpoints ORDER BY seq`);
  return rows.map(toCheckpoint);
}

/** The heads checkpoint `seq` signed: per stream, its newest head row up to that checkpoint. */
export async function headsAt(m: Queryable, seq: number): Promise<Map<string, StreamHead>> {
  const rows: { stream_id: string; version: number; hash: string; positions: string }[] = await m.query(
    `SELECT DISTINCT ON (stream_id) stream_id, version, hash, positions
       FROM signed_checkpoint_heads WHERE seq <= $1 ORDER BY stream_id, seq DESC`,
    [seq],
  );
  return new Map(
    rows.map((r) => [r.stream_id, { streamId: r.stream_id, version: r.version, hash: r.hash, positions: r.positions }]),
  );
}
