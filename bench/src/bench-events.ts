import type { NewEvent, StoredEvent } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import mixFixture from './fixtures/event-mix.json';

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

/** One real event of each type and how often that type occurs (`fixtures/event-mix.json`). */
interface MixTemplate {
  type: string;
  schemaVersion: number;
  weight: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Slots per round of the mix: event i takes the template of slot i mod MIX_SLOTS. */
const MIX_SLOTS = 1000;

/**
 * The type mix of a real run (issue 16: "a realistic mix of our event types"): one event of each
 * type recorded by `bench:api`, weighted by how often the type occurred there, spread over
 * MIX_SLOTS slots in proportion (largest remainder), interleaved so that each stretch of the log
 * holds the mix, not runs of one type.
 */
export function eventMix(): { templates: MixTemplate[]; slots: number[] } {
  const { templates } = mixFixture as { templates: MixTemplate[] };
  const total = templates.reduce((n, t) => n + t.weight, 0);
  const exact = templates.map((t) => (t.weight / total) * MIX_SLOTS);
  const counts = exact.map(Math.floor);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = MIX_SLOTS - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) counts[byRemainder[k]![1]]! += 1;
  // Interleaved: template t takes the slots where its running share first passes the next whole number.
  const slots: number[] = [];
  const taken = counts.map(() => 0);
  for (let s = 0; s < MIX_SLOTS; s++) {
    let best = 0;
    let bestLag = -Infinity;
    counts.forEach((c, t) => {
      const lag = ((s + 1) * c) / MIX_SLOTS - taken[t]!;
      if (taken[t]! < c && lag > bestLag) [best, bestLag] = [t, lag];
    });
    taken[best]! += 1;
    slots.push(best);
  }
  return { templates, slots };
}

/**
 * Writes `count` events straight into the store with SQL, round-robin over case streams (event i
 * goes to stream i mod S as its version i div S + 1), as if many cases were active at once, in the
 * type mix of a real run (`eventMix`): each row is its template's data and metadata with the
 * case, crisis and workflow ids of its stream. The rows are readable by readAll and project like
 * real ones; their hashes are sha256 stand-ins, not a verifiable chain (the rebuild and the relay
 * never check it). One transaction per chunk.
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
  const mix = eventMix();
  const templatesJson = JSON.stringify(
    mix.templates.map((t, idx) => ({
      idx,
      type: t.type,
      schema_version: t.schemaVersion,
      data: t.data,
      metadata: t.metadata,
    })),
  );
  const chunk = 100_000;
  for (let lo = 0; lo < count; lo += chunk) {
    const hi = Math.min(count, lo + chunk) - 1;
    await ds.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       SELECT gen_random_uuid(),
              'case-bench-' || (i % $3::bigint),
              i / $3::bigint + 1,
              t.type,
              t.schema_version,
              t.data
                || CASE WHEN t.data ? 'caseId' THEN jsonb_build_object('caseId', 'bench-' || (i % $3::bigint)) ELSE '{}' END
                || CASE WHEN t.data ? 'crisisId' THEN jsonb_build_object('crisisId', 'crisis-bench-' || (i % $3::bigint)) ELSE '{}' END,
              t.metadata
                || jsonb_build_object('correlationId', gen_random_uuid()::text)
                || CASE WHEN t.metadata ? 'workflowId' THEN jsonb_build_object('workflowId', 'crisis-bench-' || (i % $3::bigint),
                     'workflowRunId', gen_random_uuid()::text) ELSE '{}' END,
              now() - make_interval(secs => ($2::bigint - i) / 1000.0),
              CASE WHEN i < $3::bigint THEN NULL ELSE encode(sha256(('e' || (i - $3::bigint))::bytea), 'hex') END,
              encode(sha256(('e' || i)::bytea), 'hex')
       FROM generate_series($1::bigint, $2::bigint) AS i
       JOIN jsonb_to_recordset($4::jsonb) AS t(idx int, type text, schema_version int, data jsonb, metadata jsonb)
         ON t.idx = ($5::int[])[(i % ${MIX_SLOTS}) + 1]
       ORDER BY i`,
      [lo, hi, streams, templatesJson, mix.slots],
    );
    onProgress?.(hi + 1);
  }
  await ds.query('VACUUM (ANALYZE) events');
  await ds.query('VACUUM (ANALYZE) event_streams');
  return { streams };
}
