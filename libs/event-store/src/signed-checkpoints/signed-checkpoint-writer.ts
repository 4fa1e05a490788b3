import type { DataSource, EntityManager } from 'typeorm';
import { eventHash } from '../event-hash';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from '../event-rows';
import { headsAt, latestCheckpoint } from './checkpoint-log';
import { checkpointSignatureValid, signCheckpointPayload, type CheckpointSigningKey } from './checkpoint-keys';
import { checkpointPayload, checkpointRowHash, type SignedCheckpoint } from './signed-checkpoint';
import { extendHeads, headsMerkleRoot, type StreamHead, type TamperFinding } from './stream-heads';

/** The writer found the log changed underneath the previous checkpoint and signed nothing. */
export class CheckpointRefused extends Error {
  constructor(readonly findings: TamperFinding[]) {
    super(
      `no checkpoint signed, the log was changed: ${findings
        .slice(0, 5)
        .map((f) => `${f.streamId ?? 'checkpoint log'}: ${f.kind}: ${f.detail}`)
        .join('; ')}${findings.length > 5 ? ` (and ${findings.length - 5} more)` : ''}`,
    );
    this.name = 'CheckpointRefused';
  }
}

// One writer at a time across all processes: the sequence and the previous hash must not fork.
const WRITER_LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('hilfenetz:signed-checkpoints', 0))`;

/**
 * Appends the next signed checkpoint (docs/adr/0016). It starts from the previous checkpoint's
 * heads (checked against its signed root) and extends them only with the events committed since,
 * each of which must continue its stream's chain and match its hash; so a checkpoint never signs
 * a log from which something the previous one signed has gone. The horizon is the oldest
 * transaction still running: every event below it is final, whatever commits later.
 */
export async function writeSignedCheckpoint(
  ds: DataSource,
  key: CheckpointSigningKey,
  now: () => Date = () => new Date(),
  batchSize = 1000,
): Promise<SignedCheckpoint> {
  return ds.transaction(async (m) => {
    await m.query(WRITER_LOCK);
    const prev = await latestCheckpoint(m);
    const heads = prev ? await headsAt(m, prev.seq) : new Map<string, StreamHead>();
    if (prev) checkPrevious(prev, heads, key);

    const [{ horizon }] = (await m.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`)) as [
      { horizon: string },
    ];
    const from = prev?.xidHorizon ?? '0';
    const to = BigInt(horizon) > BigInt(from) ? horizon : from;
    const base = new Map(heads);
    const { events, maxPosition, findings } = await extendWithNewEvents(m, heads, from, to, batchSize);
    if (findings.length) throw new CheckpointRefused(findings);

    const { root, count } = headsMerkleRoot(heads.values());
    const unsigned = {
      seq: (prev?.seq ?? 0) + 1,
      createdAt: now().toISOString(),
      xidHorizon: to,
      globalPosition: String(
        maxPosition > BigInt(prev?.globalPosition ?? 0) ? maxPosition : BigInt(prev?.globalPosition ?? 0),
      ),
      eventCount: String(BigInt(prev?.eventCount ?? 0) + BigInt(events)),
      streamCount: count,
      merkleRoot: root,
      prevHash: prev ? checkpointRowHash(prev) : null,
      keyId: key.keyId,
    };
    const checkpoint: SignedCheckpoint = {
      ...unsigned,
      signature: signCheckpointPayload(checkpointPayload(unsigned), key),
    };
    await insertCheckpoint(
      m,
      checkpoint,
      [...heads.values()].filter((h) => base.get(h.streamId) !== h),
    );
    return checkpoint;
  });
}

function checkPrevious(prev: SignedCheckpoint, heads: Map<string, StreamHead>, key: CheckpointSigningKey): void {
  const { root, count } = headsMerkleRoot(heads.values());
  const refuse = (detail: string) =>
    new CheckpointRefused([
      { streamId: null, kind: 'checkpoint_invalid', detail: `checkpoint ${prev.seq}: ${detail}` },
    ]);
  if (root !== prev.merkleRoot || count !== prev.streamCount)
    throw refuse('its stored heads do not give its signed root');
  // A predecessor signed with an older key is left to verify, which holds every trusted public key.
  if (prev.keyId === key.keyId && !checkpointSignatureValid(checkpointPayload(prev), prev.signature, key.publicKey)) {
    throw refuse('its signature does not verify');
  }
}

async function extendWithNewEvents(
  m: EntityManager,
  heads: Map<string, StreamHead>,
  from: string,
  to: string,
  batchSize: number,
): Promise<{ events: number; maxPosition: bigint; findings: TamperFinding[] }> {
  const findings: TamperFinding[] = [];
  const broken = new Set<string>();
  let events = 0;
  let maxPosition = 0n;
  for (let after = { tx: from, pos: '0' }; ;) {
    const rows: EventRow[] = await m.query(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE transaction_id >= $1::xid8 AND transaction_id < $2::xid8
          AND (transaction_id, global_position) > ($3::xid8, $4::bigint)
        ORDER BY events.transaction_id, events.global_position LIMIT $5`,
      [from, to, after.tx, after.pos, batchSize],
    );
    for (const e of rows.map(toStoredEvent)) {
      events += 1;
      if (BigInt(e.globalPosition) > maxPosition) maxPosition = BigInt(e.globalPosition);
      if (broken.has(e.streamId)) continue;
      const finding = extendHeads(heads, {
        streamId: e.streamId,
        streamVersion: e.streamVersion,
        prevHash: e.prevHash,
        hash: e.hash,
        transactionId: e.transactionId,
        globalPosition: e.globalPosition,
        contentMatches: eventHash(e) === e.hash,
      });
      if (finding) {
        findings.push(finding);
        broken.add(e.streamId);
      }
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchSize) break;
    after = { tx: last.transaction_id, pos: last.global_position };
  }
  return { events, maxPosition, findings };
}

async function insertCheckpoint(m: EntityManager, c: SignedCheckpoint, changed: StreamHead[]): Promise<void> {
  await m.query(
    `INSERT INTO signed_checkpoints (seq, created_at, xid_horizon, global_position, event_count, stream_count,
                                     merkle_root, prev_hash, key_id, signature)
     VALUES ($1, $2, $3::xid8, $4::bigint, $5::bigint, $6, $7, $8, $9, $10)`,
    [
      c.seq,
      c.createdAt,
      c.xidHorizon,
      c.globalPosition,
      c.eventCount,
      c.streamCount,
      c.merkleRoot,
      c.prevHash,
      c.keyId,
      c.signature,
    ],
  );
  for (let i = 0; i < changed.length; i += 5000) {
    const part = changed.slice(i, i + 5000);
    await m.query(
      `INSERT INTO signed_checkpoint_heads (stream_id, seq, version, hash, positions)
       SELECT s, $1, v, h, p FROM unnest($2::text[], $3::integer[], $4::text[], $5::text[]) AS t(s, v, h, p)`,
      [
        c.seq,
        part.map((h) => h.streamId),
        part.map((h) => h.version),
        part.map((h) => h.hash),
        part.map((h) => h.positions),
      ],
    );
  }
}
