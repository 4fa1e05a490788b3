import type { StoredEvent } from '@hilfenetz/contracts';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from 'typeorm';
import { TIMELINE_ENTRY_COLUMNS, timelineRecord } from './timeline-entry.entity';

const COPY_CHUNK_ROWS = 500;

/** What COPY's text format escapes in a field: the backslash itself and the three separators it could meet. */
const TEXT_SPECIAL = /[\\\n\r\t]/;
const TEXT_SPECIALS = /[\\\n\r\t]/g;
const TEXT_ESCAPE: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A field of COPY's text format: `\N` for null, else the value with backslash, line feed, carriage
 * return and tab escaped. Text rather than CSV because a row's data is JSON, full of double quotes
 * that CSV would double (a copy of every row's JSON); the characters text escapes are rare in it
 * (JSON.stringify writes line breaks and tabs as escapes, so only a backslash of its own escapes
 * is ever replaced), so most fields go out as they are.
 */
function textField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIALS, (c) => TEXT_ESCAPE[c]!) : text;
}

/** The case events' timeline rows as COPY text-format lines, in column order; events outside a case stream are left out. */
export function timelineCopyLines(events: readonly StoredEvent[]): string[] {
  const lines: string[] = [];
  for (const e of events) {
    const r = timelineRecord(e);
    if (r) lines.push(TIMELINE_ENTRY_COLUMNS.map((c) => textField(r[c])).join('\t') + '\n');
  }
  return lines;
}

/**
 * Writes the case events' timeline rows into `table` with COPY, on the connection of `m`'s query
 * runner (so inside its transaction). For a rebuild only: COPY has no ON CONFLICT, so the caller
 * must know none of the rows exists (the rebuild writes into a fresh shadow table under the
 * projection's exclusive lock and hands over each event once, docs/adr/0052). Postgres reads COPY's rows without parsing a
 * statement or unpacking a JSON array per batch: in bench rebuild plain COPY (CSV) wrote the same rows
 * at 40,700 ev/s against 30,400–32,100 for multi-row INSERT; the rebuild itself, which overlaps
 * its writes with reading, gained 2–9 % (bench/README.md). Returns the number of rows written.
 */
export async function copyTimelineRows(
  m: EntityManager,
  table: string,
  events: readonly StoredEvent[],
): Promise<number> {
  const lines = timelineCopyLines(events);
  if (lines.length === 0) return 0;
  const runner = m.queryRunner;
  if (!runner) throw new Error('copyTimelineRows needs an entity manager bound to a query runner (a transaction)');
  const client = (await runner.connect()) as PoolClient;
  const sink = client.query(
    copyFrom(`COPY ${table} (${TIMELINE_ENTRY_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT text)`),
  );
  // A few large chunks instead of a write per row.
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += COPY_CHUNK_ROWS) chunks.push(lines.slice(i, i + COPY_CHUNK_ROWS).join(''));
  await pipeline(Readable.from(chunks), sink);
  return lines.length;
}
