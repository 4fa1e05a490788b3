import type { NewEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import { canonicalPieces } from './event-hash';
import { PartialDuplicateBatch, StreamVersionConflict } from './event-store.errors';
import type { AppendResult, ExpectedVersion } from './event-store.port';
import { validateNewEvent } from './event-validation';

/**
 * The SQL of an append and the mapping of its rows and errors to what callers get: the statements
 * of `hilfenetz_append` (migration 1764000000101) and `hilfenetz_append_batch` (1764000000104).
 */

/** SQLSTATEs raised by hilfenetz_append. */
const VERSION_CONFLICT = 'HN409';
const PARTIAL_DUPLICATE = 'HNDUP';

export const APPEND_SQL = `SELECT event_id, global_position::text AS global_position, stream_version, duplicate
  FROM hilfenetz_append($1, $2::integer, $3::text[])`;

export interface AppendRow {
  event_id: string;
  global_position: string;
  stream_version: number;
  duplicate: boolean;
}

const APPEND_BATCH_SQL = `SELECT item, outcome, event_id, global_position::text AS global_position, stream_version, detail
  FROM hilfenetz_append_batch($1::text[], $2::integer[], $3::integer[], $4::integer[], $5::text[])`;

export interface BatchRow {
  item: number;
  outcome: 'ok' | 'duplicate' | 'partial' | 'conflict';
  event_id: string | null;
  global_position: string | null;
  stream_version: number | null;
  detail: string | null;
}

export type AppendArgs = [streamId: string, expected: number | null, pieces: string[]];

/** One caller's append as the statements need it: validated, hashed into pieces. */
export interface PreparedAppend {
  streamId: string;
  expected: ExpectedVersion;
  events: NewEvent[];
  args: AppendArgs;
}

/** Validates in TypeScript (registry, size) and builds the function's arguments. */
export function prepareAppend(
  streamId: string,
  events: NewEvent[],
  expected: ExpectedVersion,
  recordedAt: string,
): PreparedAppend {
  if (events.length === 0) throw new Error('append needs at least one event');
  events.forEach(validateNewEvent);
  const pieces = events.flatMap((e) => canonicalPieces({ ...e, streamId, recordedAt }));
  const exp = expected === 'any' ? null : expected === 'no_stream' ? -1 : expected;
  if (typeof exp === 'number' && (!Number.isInteger(exp) || exp < -1)) {
    throw new Error(`expected version must be a non-negative integer, 'no_stream' or 'any'`);
  }
  return { streamId, expected, events, args: [streamId, exp, pieces] };
}

export function toAppendResult(rows: AppendRow[]): AppendResult {
  const last = rows[rows.length - 1];
  if (!last) throw new Error('hilfenetz_append returned no rows');
  return {
    duplicate: last.duplicate,
    streamVersion: last.stream_version,
    events: rows.map((r) => ({
      eventId: r.event_id,
      globalPosition: r.global_position,
      streamVersion: r.stream_version,
    })),
  };
}

/** The statement of hilfenetz_append_batch for a batch, in arrival order. */
export function batchQuery(batch: readonly PreparedAppend[]): { name: string; text: string; values: unknown[] } {
  const streams: string[] = [];
  const index = new Map<string, number>();
  const itemStream: number[] = [];
  const expected: (number | null)[] = [];
  const counts: number[] = [];
  const pieces: string[] = [];
  for (const p of batch) {
    const [streamId, exp, itemPieces] = p.args;
    let k = index.get(streamId);
    if (k === undefined) {
      streams.push(streamId);
      k = streams.length;
      index.set(streamId, k);
    }
    itemStream.push(k);
    expected.push(exp);
    counts.push(p.events.length);
    for (const piece of itemPieces) pieces.push(piece);
  }
  return {
    name: 'hilfenetz_append_batch',
    text: APPEND_BATCH_SQL,
    values: [streams, itemStream, expected, counts, pieces],
  };
}

/** What one caller of a batch gets: the result, or the error hilfenetz_append would have raised. */
export function batchOutcome(p: PreparedAppend, rows: BatchRow[]): AppendResult {
  const first = rows[0];
  if (!first) throw new Error('hilfenetz_append_batch returned nothing for an append');
  switch (first.outcome) {
    case 'ok':
    case 'duplicate':
      return toAppendResult(
        rows
          .map((r) => ({
            event_id: r.event_id!,
            global_position: r.global_position!,
            stream_version: r.stream_version!,
            duplicate: r.outcome === 'duplicate',
          }))
          .sort((a, b) => a.stream_version - b.stream_version),
      );
    case 'conflict':
      if (p.expected === 'any') throw new Error('hilfenetz_append_batch reported a conflict for expected any');
      throw new StreamVersionConflict(p.streamId, p.expected, Number(first.detail));
    case 'partial':
      throw new PartialDuplicateBatch((first.detail ?? '').split(',').filter(Boolean));
  }
}

/** The batch's rows per item (1-based, in arrival order). */
export function rowsByItem(rows: BatchRow[]): Map<number, BatchRow[]> {
  const byItem = new Map<number, BatchRow[]>();
  for (const r of rows) {
    const list = byItem.get(r.item);
    if (list) list.push(r);
    else byItem.set(r.item, [r]);
  }
  return byItem;
}

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
  driverError?: { code?: string; detail?: string; constraint?: string };
}

/** Internal: a lost race whose events turned out to be stored already. */
export class StoredAlready {
  constructor(readonly result: AppendResult) {}
}

/**
 * The error a failed append becomes. With `m` (outside a caller's transaction) a unique violation
 * on event_id is looked up: the same batch raced into another stream (a caller bug, or two retries
 * with different stream ids), and the loser gets the stored positions.
 */
export async function mapAppendError(err: unknown, p: PreparedAppend, m: EntityManager | null): Promise<unknown> {
  const e = err as PgError;
  const code = e.code ?? e.driverError?.code;
  const detail = e.detail ?? e.driverError?.detail ?? '';
  if (code === VERSION_CONFLICT && p.expected !== 'any') {
    return new StreamVersionConflict(p.streamId, p.expected, Number(detail));
  }
  if (code === PARTIAL_DUPLICATE) return new PartialDuplicateBatch(detail.split(',').filter(Boolean));
  if (m && isUniqueViolation(err, 'events_event_id_unique')) {
    const again = await findStored(
      m,
      p.events.map((x) => x.eventId),
    );
    if (again) return new StoredAlready(again);
  }
  return err;
}

async function findStored(m: EntityManager, ids: string[]): Promise<AppendResult | null> {
  const rows: AppendRow[] = await m.query(
    `SELECT event_id, global_position::text, stream_version, true AS duplicate FROM events
     WHERE event_id = ANY($1::uuid[]) ORDER BY stream_version`,
    [ids],
  );
  if (rows.length === 0) return null;
  if (rows.length !== ids.length) throw new PartialDuplicateBatch(rows.map((r) => r.event_id));
  return toAppendResult(rows);
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as PgError;
  const code = e.code ?? e.driverError?.code;
  const c = e.constraint ?? e.driverError?.constraint;
  return code === '23505' && c === constraint;
}
