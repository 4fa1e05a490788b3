import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `hilfenetz_append_batch`: several independent appends (items) in one statement and one
 * transaction, for the store's group commit (ADR 0008). Each item is exactly what one call of
 * `hilfenetz_append` (migration 1764000000101) would do, with the same checks in the same order,
 * but an item's conflict does not raise: it is reported as that item's outcome and the other items
 * go on, so one caller's stale version never fails the callers batched with it.
 *
 * Arguments (one entry per item unless said otherwise):
 * - `p_streams`: the batch's distinct stream ids;
 * - `p_item_stream`: the item's stream, as a 1-based index into `p_streams`;
 * - `p_expected`: `NULL` any, `-1` no stream, else the exact version;
 * - `p_counts`: how many events the item has;
 * - `p_pieces`: three canonical pieces per event (see migration 1764000000101), items one after
 *   another in arrival order.
 *
 * In this order:
 *
 * 1. every stream's advisory lock, sorted by lock key, before anything assigns the transaction
 *    its id: ADR 0003's ordering argument holds for each stream of the batch, and two batches (or a
 *    batch and a single append) cannot deadlock on each other's locks;
 * 2. one look-up of every event id of the batch in `events`;
 * 3. the items in arrival order, against the stream heads as earlier items of the batch left them:
 *    - all of the item's ids stored (before, or by an earlier item): `duplicate`, with the stored
 *      positions, nothing written;
 *    - some stored: `partial` (DETAIL the stored ids), nothing written;
 *    - expected version stale: `conflict` (DETAIL the actual version), nothing written;
 *    - else `ok`: versions and the hash chain continue from the stream's head;
 * 4. the heads of the streams written to (update, or insert on a stream's first event), then all
 *    `ok` events in one insert, in arrival order, so that within a stream global positions follow
 *    the versions (they share the transaction id).
 *
 * Anything else (a unique violation from a concurrent writer in another process, a deadlock, bad
 * input) raises and rolls the whole batch back; the store then appends the batch's items one by
 * one through `hilfenetz_append`, so each caller still gets what it would have got alone. No
 * per-item exception block: each would be a subtransaction, and more than 64 of them in one
 * transaction overflow the subtransaction cache every snapshot on the server reads.
 *
 * Rows: `item` (1-based), `outcome`, and per event of an `ok` or `duplicate` item its id, global
 * position and stream version; one row with `detail` for `partial` and `conflict`.
 */
export class AppendBatchFunction1764000000104 implements MigrationInterface {
  name = 'AppendBatchFunction1764000000104';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION hilfenetz_append_batch(
        p_streams text[], p_item_stream integer[], p_expected integer[], p_counts integer[], p_pieces text[])
      RETURNS TABLE (item integer, outcome text, event_id uuid, global_position bigint, stream_version integer,
                     detail text)
      LANGUAGE plpgsql VOLATILE AS $fn$
      #variable_conflict use_column
      DECLARE
        v_items    integer := cardinality(p_item_stream);
        v_events   integer := cardinality(p_pieces) / 3;
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
        -- Outcomes other than ok, and the ok events to insert (parallel arrays).
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
        IF v_items = 0 OR cardinality(p_pieces) <> v_events * 3
           OR cardinality(p_expected) <> v_items OR cardinality(p_counts) <> v_items
           OR (SELECT sum(c) FROM unnest(p_counts) c) <> v_events
           OR EXISTS (SELECT 1 FROM unnest(p_counts) c WHERE c IS NULL OR c < 1)
           OR EXISTS (SELECT 1 FROM unnest(p_item_stream) s
                      WHERE s IS NULL OR s < 1 OR s > cardinality(p_streams)) THEN
          RAISE EXCEPTION 'append batch: malformed arguments' USING ERRCODE = 'invalid_parameter_value';
        END IF;

        -- 1. All locks first, in one global order (by key: two stream ids may share a key).
        FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_streams) s ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(v_key);
        END LOOP;

        -- The stored content is parsed from the very text that is hashed.
        SELECT array_agg((p_pieces[3 * g - 2] || 'null' || p_pieces[3 * g - 1] || '0' || p_pieces[3 * g])::jsonb
                         ORDER BY g)
          INTO v_docs FROM generate_series(1, v_events) g;
        SELECT array_agg((d->>'eventId')::uuid ORDER BY n) INTO v_ids FROM unnest(v_docs) WITH ORDINALITY t(d, n);

        -- 2. Idempotency, under the locks (racing retries of one batch see each other).
        SELECT array_agg(e.event_id) INTO v_stored FROM events e WHERE e.event_id = ANY(v_ids);
        v_stored := COALESCE(v_stored, '{}');

        SELECT array_agg(s.version ORDER BY t.n), array_agg(s.last_hash ORDER BY t.n),
               array_agg(s.stream_id IS NOT NULL ORDER BY t.n), array_agg(false ORDER BY t.n)
          INTO v_version, v_hash, v_existed, v_touched
          FROM unnest(p_streams) WITH ORDINALITY t(id, n) LEFT JOIN event_streams s ON s.stream_id = t.id;

        -- 3. The items, in arrival order.
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
              v_prev := encode(sha256(convert_to(
                p_pieces[3 * (v_off + j) - 2] || COALESCE('"' || v_prev || '"', 'null') || p_pieces[3 * (v_off + j) - 1]
                  || (v_current + j)::text || p_pieces[3 * (v_off + j)],
                'UTF8')), 'hex');
              v_ins_hash := v_ins_hash || v_prev;
            END LOOP;
            v_version[v_k] := v_current + v_n;
            v_hash[v_k] := v_prev;
            v_touched[v_k] := true;
            v_claimed := v_claimed || v_item_ids;
          END IF;
          v_off := v_off + v_n;
        END LOOP;

        -- 4. Heads (the events' foreign key needs them), then the events in arrival order.
        UPDATE event_streams s SET version = v_version[t.n], last_hash = v_hash[t.n]
          FROM unnest(p_streams) WITH ORDINALITY t(id, n)
          WHERE s.stream_id = t.id AND v_touched[t.n] AND v_existed[t.n];
        INSERT INTO event_streams (stream_id, version, last_hash)
          SELECT t.id, v_version[t.n], v_hash[t.n] FROM unnest(p_streams) WITH ORDINALITY t(id, n)
          WHERE v_touched[t.n] AND NOT v_existed[t.n];

        IF cardinality(v_ins_item) > 0 THEN
          RETURN QUERY
            WITH ins AS (
              INSERT INTO events AS ev (event_id, stream_id, stream_version, type, schema_version, data, metadata,
                                        recorded_at, prev_hash, hash)
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
        -- Duplicates last: this statement sees the rows the batch just inserted.
        IF cardinality(v_dup_item) > 0 THEN
          RETURN QUERY
            SELECT d.item, 'duplicate'::text, e.event_id, e.global_position, e.stream_version, NULL::text
            FROM unnest(v_dup_item, v_dup_id) AS d(item, id) JOIN events e ON e.event_id = d.id;
        END IF;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hilfenetz_append_batch(text[], integer[], integer[], integer[], text[])`);
  }
}
