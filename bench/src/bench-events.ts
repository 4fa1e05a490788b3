import type { NewEvent, StoredEvent } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The event every benchmark writes: a CrisisTriggered of an ordinary size, valid against the
 * registry, with the metadata an activity would set.
 */
export function crisisTriggered(caseId: string, n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'CrisisTriggered',
    schemaVersion: 1,
    data: {
      crisisId: `crisis-${caseId}-${n}`,
      caseId,
      dangerKind: 'self',
      urgency: 'urgent',
      triggeredAt: new Date().toISOString(),
    },
    metadata: {
      actorId: `user-${n % 97}`,
      actorRole: 'fachkraft',
      organisationId: 'org-jugendamt-1',
      correlationId: randomUUID(),
      workflowId: `crisis-${caseId}`,
      workflowRunId: randomUUID(),
    },
  };
}

/** A stored envelope as the relay would publish it, for the baselines that bypass the store. */
export function asStored(e: NewEvent, streamId: string, streamVersion: number, position: number): StoredEvent {
  return {
    ...e,
    streamId,
    streamVersion,
    globalPosition: String(position),
    transactionId: String(position),
    recordedAt: new Date().toISOString(),
    prevHash: 'f'.repeat(64),
    hash: 'e'.repeat(64),
  };
}

export const benchCaseId = (i: number) => `bench-${i}`;
export const benchStreamId = (i: number) => caseStreamId(benchCaseId(i));

/**
 * Writes `count` events straight into the store with SQL, round-robin over case streams (event i
 * goes to stream i mod S as its version i div S + 1), as if many cases were active at once. The
 * rows are readable by readAll and project like real ones; their hashes are sha256 stand-ins, not
 * a verifiable chain (the rebuild and the relay never check it). One transaction per chunk.
 */
export async function seedEvents(
  ds: DataSource,
  count: number,
  eventsPerStream: number,
  onProgress?: (done: number) => void,
): Promise<{ streams: number }> {
  const streams = Math.max(1, Math.ceil(count / eventsPerStream));
  await ds.query(
    `INSERT INTO event_streams (stream_id, version, last_hash)
     SELECT 'case-bench-' || s, ($1::bigint - 1 - s) / $2::bigint + 1,
            encode(sha256(('e' || ($1::bigint - 1 - (($1::bigint - 1 - s) % $2::bigint)))::bytea), 'hex')
     FROM generate_series(0, $2::bigint - 1) AS s`,
    [count, streams],
  );
  const chunk = 100_000;
  for (let lo = 0; lo < count; lo += chunk) {
    const hi = Math.min(count, lo + chunk) - 1;
    await ds.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       SELECT gen_random_uuid(),
              'case-bench-' || (i % $3::bigint),
              i / $3::bigint + 1,
              'CrisisTriggered',
              1,
              jsonb_build_object('crisisId', 'crisis-bench-' || (i % $3::bigint) || '-' || i, 'caseId', 'bench-' || (i % $3::bigint),
                'dangerKind', 'self', 'urgency', 'urgent',
                'triggeredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
              jsonb_build_object('actorId', 'user-' || (i % 97), 'actorRole', 'fachkraft',
                'organisationId', 'org-jugendamt-1', 'correlationId', gen_random_uuid()::text,
                'workflowId', 'crisis-bench-' || (i % $3::bigint), 'workflowRunId', gen_random_uuid()::text),
              now() - make_interval(secs => ($2::bigint - i) / 1000.0),
              CASE WHEN i < $3::bigint THEN NULL ELSE encode(sha256(('e' || (i - $3::bigint))::bytea), 'hex') END,
              encode(sha256(('e' || i)::bytea), 'hex')
       FROM generate_series($1::bigint, $2::bigint) AS i`,
      [lo, hi, streams],
    );
    onProgress?.(hi + 1);
  }
  await ds.query('VACUUM (ANALYZE) events');
  await ds.query('VACUUM (ANALYZE) event_streams');
  return { streams };
}
