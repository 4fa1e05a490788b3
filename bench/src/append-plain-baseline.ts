import type { NewEvent } from '@hilfenetz/contracts';
import { validateNewEvent, type AppendResult, type ExpectedVersion } from '@hilfenetz/event-store';
// The store's own group-commit queue and result mapping (not part of the package's API, whose
// `exports` hide them): the baseline must batch, and answer its callers, exactly as the store does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  batchOutcome,
  rowsByItem,
  toAppendResult,
  type AppendRow,
  type BatchRow,
  type PreparedAppend,
} from '../../libs/event-store/src/append-statements';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { GroupCommitQueue, type Settled } from '../../libs/event-store/src/group-commit.queue';
import { pgPool } from '@hilfenetz/persistence';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The fair baseline of the append benchmark (issue 16, row 1 (a)): `PostgresEventStore`'s append
 * path with the hash chain and sealing taken out and nothing else.
 *
 * - Tables: copies of `events` and `event_streams` (migration 1764000000000) with the same columns,
 *   primary keys, `UNIQUE (event_id)`, `UNIQUE (stream_id, stream_version)`, the foreign key to the
 *   stream head, the commit-order index `(transaction_id, global_position)` and the append-only
 *   triggers (BEFORE UPDATE/DELETE/TRUNCATE: they never fire on INSERT).
 * - Functions: `bench_plain_append` and `bench_plain_append_batch` are `hilfenetz_append` (migration
 *   1764000000101) and `hilfenetz_append_batch` (1764000000104) line for line, SECURITY DEFINER with
 *   the pinned search_path like them (migration 1764000000140), minus the SHA-256 chain: the advisory
 *   locks, idempotency look-up, expected-version check, head read and write and the insert are the
 *   same. `hash` and `prev_hash` carry a 64-character stand-in (same row size), the head's
 *   `last_hash` too.
 * - Client: the store's `GroupCommitQueue` (same limits: 128 events, 4 batches in flight), the same
 *   named statements through the same pg pool, one function call per lone append or per batch, the
 *   same result mapping, the same coalesced NOTIFY after a write (on a channel nobody listens to).
 *   Events are validated against the registry as the store does; the event is sent as plain JSON
 *   (`JSON.stringify`) instead of RFC 8785 canonical pieces, since canonical form exists only for the
 *   hash.
 *
 * So the subject ÷ this ratio prices what the issue asks about: canonicalising and hashing each event
 * and sealing its personal field.
 */

const STAND_IN = `'${'0'.repeat(64)}'`;

export const PLAIN_SCHEMA_SQL = [
  `CREATE TABLE bench_plain_streams (
     stream_id       text PRIMARY KEY,
     version         integer NOT NULL DEFAULT 0,
     last_hash       text,
     created_at      timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE bench_plain_events (
     global_position bigserial PRIMARY KEY,
     transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
     event_id        uuid NOT NULL,
     stream_id       text NOT NULL REFERENCES bench_plain_streams(stream_id),
     stream_version  integer NOT NULL,
     type            text NOT NULL,
     schema_version  integer NOT NULL,
     data            jsonb NOT NULL,
     metadata        jsonb NOT NULL,
     recorded_at     timestamptz NOT NULL,
     prev_hash       text,
     hash            text NOT NULL,
     CONSTRAINT bench_plain_events_event_id_unique UNIQUE (event_id),
     CONSTRAINT bench_plain_events_stream_version_unique UNIQUE (stream_id, stream_version)
   )`,
  `CREATE INDEX bench_plain_events_commit_order ON bench_plain_events (transaction_id, global_position)`,
  `CREATE TRIGGER bench_plain_events_no_update_delete BEFORE UPDATE OR DELETE ON bench_plain_events
   FOR EACH ROW EXECUTE FUNCTION events_are_immutable()`,
  `CREATE TRIGGER bench_plain_events_no_truncate BEFORE TRUNCATE ON bench_plain_events
   FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable()`,
  // hilfenetz_append without the hash chain (see migration 1764000000101 for the steps).
  `CREATE FUNCTION bench_plain_append(p_stream_id text, p_expected integer, p_docs text[])
   RETURNS TABLE (event_id uuid, global_position bigint, stream_version integer, duplicate boolean)
   LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
   #variable_conflict use_column
   DECLARE
     v_n       integer := cardinality(p_docs);
     v_docs    jsonb[] := '{}';
     v_ids     uuid[] := '{}';
     v_stored  uuid[];
     v_exists  boolean;
     v_current integer;
     v_prev    text;
     v_hashes  text[] := '{}';
     v_prevs   text[] := '{}';
     v_doc     jsonb;
   BEGIN
     IF v_n IS NULL OR v_n = 0 THEN
       RAISE EXCEPTION 'append needs events' USING ERRCODE = 'invalid_parameter_value';
     END IF;
     PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
     FOR i IN 1 .. v_n LOOP
       v_doc := p_docs[i]::jsonb;
       IF v_doc->>'streamId' IS DISTINCT FROM p_stream_id THEN
         RAISE EXCEPTION 'event % is for stream %, not %', v_doc->>'eventId', v_doc->>'streamId', p_stream_id
           USING ERRCODE = 'invalid_parameter_value';
       END IF;
       v_docs := v_docs || v_doc;
       v_ids := v_ids || (v_doc->>'eventId')::uuid;
     END LOOP;
     SELECT array_agg(e.event_id) INTO v_stored FROM bench_plain_events e WHERE e.event_id = ANY(v_ids);
     IF v_stored IS NOT NULL THEN
       IF cardinality(v_stored) = v_n THEN
         RETURN QUERY
           SELECT e.event_id, e.global_position, e.stream_version, true
           FROM bench_plain_events e WHERE e.event_id = ANY(v_ids) ORDER BY e.stream_version;
         RETURN;
       END IF;
       RAISE EXCEPTION 'batch mixes stored and new events'
         USING ERRCODE = 'HNDUP', DETAIL = array_to_string(v_stored, ',');
     END IF;
     SELECT s.version, s.last_hash INTO v_current, v_prev FROM bench_plain_streams s WHERE s.stream_id = p_stream_id;
     v_exists := FOUND;
     v_current := COALESCE(v_current, 0);
     IF (p_expected = -1 AND v_exists) OR (p_expected >= 0 AND p_expected <> v_current) THEN
       RAISE EXCEPTION 'stream %: expected version %, but it is at %',
         p_stream_id, CASE WHEN p_expected = -1 THEN 'no_stream' ELSE p_expected::text END, v_current
         USING ERRCODE = 'HN409', DETAIL = v_current::text;
     END IF;
     -- No hash chain: the same columns filled with a stand-in of the same length.
     FOR i IN 1 .. v_n LOOP
       v_prevs := v_prevs || v_prev;
       v_prev := ${STAND_IN};
       v_hashes := v_hashes || v_prev;
     END LOOP;
     IF v_exists THEN
       UPDATE bench_plain_streams SET version = v_current + v_n, last_hash = v_prev WHERE stream_id = p_stream_id;
     ELSE
       INSERT INTO bench_plain_streams (stream_id, version, last_hash) VALUES (p_stream_id, v_n, v_prev);
     END IF;
     RETURN QUERY
       WITH ins AS (
         INSERT INTO bench_plain_events AS ev (event_id, stream_id, stream_version, type, schema_version, data,
                                               metadata, recorded_at, prev_hash, hash)
         SELECT (t.d->>'eventId')::uuid, p_stream_id, v_current + t.n::integer, t.d->>'type',
                (t.d->>'schemaVersion')::integer, t.d->'data', t.d->'metadata',
                (t.d->>'recordedAt')::timestamptz, v_prevs[t.n::integer], v_hashes[t.n::integer]
         FROM unnest(v_docs) WITH ORDINALITY AS t(d, n)
         ORDER BY t.n
         RETURNING ev.event_id, ev.global_position, ev.stream_version
       )
       SELECT ins.event_id, ins.global_position, ins.stream_version, false FROM ins ORDER BY ins.stream_version;
   END
   $fn$`,
  // hilfenetz_append_batch without the hash chain (see migration 1764000000104 for the steps).
  `CREATE FUNCTION bench_plain_append_batch(
     p_streams text[], p_item_stream integer[], p_expected integer[], p_counts integer[], p_docs text[])
   RETURNS TABLE (item integer, outcome text, event_id uuid, global_position bigint, stream_version integer,
                  detail text)
   LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
   #variable_conflict use_column
   DECLARE
     v_items    integer := cardinality(p_item_stream);
     v_events   integer := cardinality(p_docs);
     v_key      bigint;
     v_docs     jsonb[];
     v_ids      uuid[];
     v_stored   uuid[];
     v_claimed  uuid[] := '{}';
     v_item_ids uuid[];
     v_seen     uuid[];
     v_version  integer[];
     v_hash     text[];
     v_existed  boolean[];
     v_touched  boolean[];
     v_k        integer;
     v_n        integer;
     v_off      integer := 0;
     v_current  integer;
     v_prev     text;
     v_exp      integer;
     v_out_item   integer[] := '{}';
     v_out_kind   text[] := '{}';
     v_out_detail text[] := '{}';
     v_dup_item   integer[] := '{}';
     v_dup_id     uuid[] := '{}';
     v_ins_item   integer[] := '{}';
     v_ins_id     uuid[] := '{}';
     v_ins_doc    integer[] := '{}';
     v_ins_stream text[] := '{}';
     v_ins_ver    integer[] := '{}';
     v_ins_prev   text[] := '{}';
     v_ins_hash   text[] := '{}';
   BEGIN
     IF v_items = 0 OR cardinality(p_expected) <> v_items OR cardinality(p_counts) <> v_items
        OR (SELECT sum(c) FROM unnest(p_counts) c) <> v_events
        OR EXISTS (SELECT 1 FROM unnest(p_counts) c WHERE c IS NULL OR c < 1)
        OR EXISTS (SELECT 1 FROM unnest(p_item_stream) s
                   WHERE s IS NULL OR s < 1 OR s > cardinality(p_streams)) THEN
       RAISE EXCEPTION 'append batch: malformed arguments' USING ERRCODE = 'invalid_parameter_value';
     END IF;
     FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_streams) s ORDER BY 1 LOOP
       PERFORM pg_advisory_xact_lock(v_key);
     END LOOP;
     SELECT array_agg(p_docs[g]::jsonb ORDER BY g) INTO v_docs FROM generate_series(1, v_events) g;
     SELECT array_agg((d->>'eventId')::uuid ORDER BY n) INTO v_ids FROM unnest(v_docs) WITH ORDINALITY t(d, n);
     SELECT array_agg(e.event_id) INTO v_stored FROM bench_plain_events e WHERE e.event_id = ANY(v_ids);
     v_stored := COALESCE(v_stored, '{}');
     SELECT array_agg(s.version ORDER BY t.n), array_agg(s.last_hash ORDER BY t.n),
            array_agg(s.stream_id IS NOT NULL ORDER BY t.n), array_agg(false ORDER BY t.n)
       INTO v_version, v_hash, v_existed, v_touched
       FROM unnest(p_streams) WITH ORDINALITY t(id, n) LEFT JOIN bench_plain_streams s ON s.stream_id = t.id;
     FOR i IN 1 .. v_items LOOP
       v_k := p_item_stream[i];
       v_n := p_counts[i];
       v_item_ids := v_ids[v_off + 1 : v_off + v_n];
       FOR j IN 1 .. v_n LOOP
         IF v_docs[v_off + j]->>'streamId' IS DISTINCT FROM p_streams[v_k] THEN
           RAISE EXCEPTION 'event % is for stream %, not %', v_item_ids[j], v_docs[v_off + j]->>'streamId',
             p_streams[v_k] USING ERRCODE = 'invalid_parameter_value';
         END IF;
       END LOOP;
       v_seen := ARRAY(SELECT x FROM unnest(v_item_ids) x WHERE x = ANY(v_stored) OR x = ANY(v_claimed));
       v_current := COALESCE(v_version[v_k], 0);
       v_exp := p_expected[i];
       IF cardinality(v_seen) = v_n THEN
         v_dup_item := v_dup_item || array_fill(i, ARRAY[v_n]);
         v_dup_id := v_dup_id || v_item_ids;
       ELSIF cardinality(v_seen) > 0 THEN
         v_out_item := v_out_item || i;
         v_out_kind := v_out_kind || 'partial'::text;
         v_out_detail := v_out_detail || array_to_string(v_seen, ',');
       ELSIF (v_exp = -1 AND (v_existed[v_k] OR v_touched[v_k])) OR (v_exp >= 0 AND v_exp <> v_current) THEN
         v_out_item := v_out_item || i;
         v_out_kind := v_out_kind || 'conflict'::text;
         v_out_detail := v_out_detail || v_current::text;
       ELSE
         v_prev := v_hash[v_k];
         FOR j IN 1 .. v_n LOOP
           v_ins_item := v_ins_item || i;
           v_ins_id := v_ins_id || v_item_ids[j];
           v_ins_doc := v_ins_doc || (v_off + j);
           v_ins_stream := v_ins_stream || p_streams[v_k];
           v_ins_ver := v_ins_ver || (v_current + j);
           v_ins_prev := v_ins_prev || v_prev;
           -- No hash chain: a stand-in of the same length.
           v_prev := ${STAND_IN};
           v_ins_hash := v_ins_hash || v_prev;
         END LOOP;
         v_version[v_k] := v_current + v_n;
         v_hash[v_k] := v_prev;
         v_touched[v_k] := true;
         v_claimed := v_claimed || v_item_ids;
       END IF;
       v_off := v_off + v_n;
     END LOOP;
     UPDATE bench_plain_streams s SET version = v_version[t.n], last_hash = v_hash[t.n]
       FROM unnest(p_streams) WITH ORDINALITY t(id, n)
       WHERE s.stream_id = t.id AND v_touched[t.n] AND v_existed[t.n];
     INSERT INTO bench_plain_streams (stream_id, version, last_hash)
       SELECT t.id, v_version[t.n], v_hash[t.n] FROM unnest(p_streams) WITH ORDINALITY t(id, n)
       WHERE v_touched[t.n] AND NOT v_existed[t.n];
     IF cardinality(v_ins_item) > 0 THEN
       RETURN QUERY
         WITH ins AS (
           INSERT INTO bench_plain_events AS ev (event_id, stream_id, stream_version, type, schema_version, data,
                                                 metadata, recorded_at, prev_hash, hash)
           SELECT t.id, t.stream, t.ver, v_docs[t.doc]->>'type',
                  (v_docs[t.doc]->>'schemaVersion')::integer, v_docs[t.doc]->'data', v_docs[t.doc]->'metadata',
                  (v_docs[t.doc]->>'recordedAt')::timestamptz, t.prev, t.hash
           FROM unnest(v_ins_id, v_ins_doc, v_ins_stream, v_ins_ver, v_ins_prev, v_ins_hash) WITH ORDINALITY
             AS t(id, doc, stream, ver, prev, hash, n)
           ORDER BY t.n
           RETURNING ev.event_id, ev.global_position, ev.stream_version
         )
         SELECT m.item, 'ok'::text, ins.event_id, ins.global_position, ins.stream_version, NULL::text
         FROM ins JOIN unnest(v_ins_item, v_ins_id) AS m(item, id) ON m.id = ins.event_id;
     END IF;
     RETURN QUERY
       SELECT o.item, o.kind, NULL::uuid, NULL::bigint, NULL::integer, o.detail
       FROM unnest(v_out_item, v_out_kind, v_out_detail) AS o(item, kind, detail);
     IF cardinality(v_dup_item) > 0 THEN
       RETURN QUERY
         SELECT d.item, 'duplicate'::text, e.event_id, e.global_position, e.stream_version, NULL::text
         FROM unnest(v_dup_item, v_dup_id) AS d(item, id) JOIN bench_plain_events e ON e.event_id = d.id;
     END IF;
   END
   $fn$`,
];

const APPEND_SQL = `SELECT event_id, global_position::text AS global_position, stream_version, duplicate
  FROM bench_plain_append($1, $2::integer, $3::text[])`;
const APPEND_BATCH_SQL = `SELECT item, outcome, event_id, global_position::text AS global_position, stream_version, detail
  FROM bench_plain_append_batch($1::text[], $2::integer[], $3::integer[], $4::integer[], $5::text[])`;
const NOTIFY_SQL = `SELECT pg_notify('bench_plain_events', '')`;

/** Creates the baseline's tables and functions (as the schema owner, like the migrations). */
export async function createPlainSchema(owner: DataSource): Promise<void> {
  for (const sql of PLAIN_SCHEMA_SQL) await owner.query(sql);
}

/** An append of the baseline: `PreparedAppend`'s shape, with plain JSON documents instead of pieces. */
type PlainAppend = PreparedAppend & { docs: string[] };

/** `PostgresEventStore.append` minus hash chain (and the caller seals nothing): see the file's comment. */
export class PlainGroupCommitStore {
  private notifying = false;
  private notifyAgain = false;
  private readonly queue: GroupCommitQueue<PlainAppend, AppendResult>;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.queue = new GroupCommitQueue({ one: (p) => this.appendAlone(p), many: (b) => this.appendBatch(b) });
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedVersion = 'any'): Promise<AppendResult> {
    try {
      if (events.length === 0) throw new Error('append needs at least one event');
      events.forEach(validateNewEvent);
      const recordedAt = this.clock().toISOString();
      const docs = events.map((e) =>
        JSON.stringify({
          eventId: e.eventId,
          streamId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
          metadata: e.metadata,
          recordedAt,
        }),
      );
      const exp = expected === 'any' ? null : expected === 'no_stream' ? -1 : expected;
      return this.queue.submit({ streamId, expected, events, args: [streamId, exp, []], docs });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private get pool(): Pool {
    return pgPool(this.ds);
  }

  private async appendAlone(p: PlainAppend): Promise<AppendResult> {
    const pool = this.pool;
    const res = await pool.query<AppendRow>({
      name: 'bench_plain_append',
      text: APPEND_SQL,
      values: [p.streamId, p.args[1], p.docs],
    });
    const result = toAppendResult(res.rows);
    if (!result.duplicate) this.wakeReaders(pool);
    return result;
  }

  private async appendBatch(batch: PlainAppend[]): Promise<Settled<AppendResult>[]> {
    const streams: string[] = [];
    const index = new Map<string, number>();
    const itemStream: number[] = [];
    const expected: (number | null)[] = [];
    const counts: number[] = [];
    const docs: string[] = [];
    for (const p of batch) {
      let k = index.get(p.streamId);
      if (k === undefined) {
        streams.push(p.streamId);
        k = streams.length;
        index.set(p.streamId, k);
      }
      itemStream.push(k);
      expected.push(p.args[1]);
      counts.push(p.events.length);
      for (const d of p.docs) docs.push(d);
    }
    const pool = this.pool;
    const { rows } = await pool.query<BatchRow>({
      name: 'bench_plain_append_batch',
      text: APPEND_BATCH_SQL,
      values: [streams, itemStream, expected, counts, docs],
    });
    const byItem = rowsByItem(rows);
    if (rows.some((r) => r.outcome === 'ok')) this.wakeReaders(pool);
    return batch.map((p, i) => {
      try {
        return { ok: true, value: batchOutcome(p, byItem.get(i + 1) ?? []) };
      } catch (error) {
        return { ok: false, error };
      }
    });
  }

  /** The store's coalesced, unawaited NOTIFY after a write (PostgresEventStore.wakeReaders). */
  private wakeReaders(pool: Pool): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.notifyAgain = false;
    pool
      .query(NOTIFY_SQL)
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) this.wakeReaders(pool);
      });
  }
}
