import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `hilfenetz_append`: the whole append in one statement, so a writer pays one round trip instead
 * of seven (see ADR 0003). In this order, inside the caller's transaction (its own when called
 * in autocommit):
 *
 * 1. the per-stream advisory lock, before anything assigns the transaction its id (ADR 0003's
 *    ordering argument: per stream, transaction ids grow in stream-version order);
 * 2. idempotency: if every event id of the batch is stored, the stored positions are returned
 *    (`duplicate = true`) and nothing is written; a batch mixing stored and new ids raises HNDUP;
 * 3. the stream head is read and the expected version checked (`NULL` any, `-1` no stream, else
 *    the exact version); a stale writer gets HN409 with the actual version in DETAIL;
 * 4. the hash chain: each event's hash is SHA-256 over its RFC 8785 canonical JSON, which the
 *    caller sends in three pieces around the two values only the database knows (`prevHash`,
 *    `streamVersion`): `c[0] || prevHash as JSON || c[1] || streamVersion || c[2]`. The result is
 *    byte for byte the canonical form of ADR 0003, so `verifyStream` recomputes it unchanged;
 * 5. the head is written (created on the first event), then the events.
 *
 * The statement trigger that NOTIFYd the relay on every insert into `events` is dropped: a
 * transaction that notifies holds a database-wide lock from its pre-commit until its commit record
 * is flushed, so notifying appends could not share a WAL flush (group commit) and the writers
 * queued behind one another. The store now notifies after its commit, from a transaction that
 * writes nothing (cheap), coalesced per process; the relay's poll covers any other writer.
 *
 * `p_events` is a JSON array of `{ eventId, type, schemaVersion, data, metadata, c: [c0, c1, c2] }`.
 * `sha256()` is built into Postgres (11+): no extension needed.
 */
export class AppendFunction1764000000101 implements MigrationInterface {
  name = 'AppendFunction1764000000101';

  async up(q: QueryRunner): Promise<void> {
    // A development draft of this migration took (text, integer, jsonb, timestamptz).
    await q.query(`DROP FUNCTION IF EXISTS hilfenetz_append(text, integer, jsonb, timestamptz)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION hilfenetz_append(p_stream_id text, p_expected integer, p_pieces text[])
      RETURNS TABLE (event_id uuid, global_position bigint, stream_version integer, duplicate boolean)
      LANGUAGE plpgsql VOLATILE AS $fn$
      #variable_conflict use_column
      DECLARE
        v_n       integer := cardinality(p_pieces) / 3;
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
        IF v_n = 0 OR cardinality(p_pieces) <> v_n * 3 THEN
          RAISE EXCEPTION 'append needs events as three canonical pieces each' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        -- 1. Before any write: nothing in this transaction may have taken an xid under another order.
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

        -- The stored content is parsed from the very text that is hashed.
        FOR i IN 1 .. v_n LOOP
          v_doc := (p_pieces[3 * i - 2] || 'null' || p_pieces[3 * i - 1] || '0' || p_pieces[3 * i])::jsonb;
          IF v_doc->>'streamId' IS DISTINCT FROM p_stream_id THEN
            RAISE EXCEPTION 'event % is for stream %, not %', v_doc->>'eventId', v_doc->>'streamId', p_stream_id
              USING ERRCODE = 'invalid_parameter_value';
          END IF;
          v_docs := v_docs || v_doc;
          v_ids := v_ids || (v_doc->>'eventId')::uuid;
        END LOOP;

        -- 2. Idempotent retry (checked under the lock, so two racing retries of one batch see each other).
        SELECT array_agg(e.event_id) INTO v_stored FROM events e WHERE e.event_id = ANY(v_ids);
        IF v_stored IS NOT NULL THEN
          IF cardinality(v_stored) = v_n THEN
            RETURN QUERY
              SELECT e.event_id, e.global_position, e.stream_version, true
              FROM events e WHERE e.event_id = ANY(v_ids) ORDER BY e.stream_version;
            RETURN;
          END IF;
          RAISE EXCEPTION 'batch mixes stored and new events'
            USING ERRCODE = 'HNDUP', DETAIL = array_to_string(v_stored, ',');
        END IF;

        -- 3. Expected version, under the lock.
        SELECT s.version, s.last_hash INTO v_current, v_prev FROM event_streams s WHERE s.stream_id = p_stream_id;
        v_exists := FOUND;
        v_current := COALESCE(v_current, 0);
        IF (p_expected = -1 AND v_exists) OR (p_expected >= 0 AND p_expected <> v_current) THEN
          RAISE EXCEPTION 'stream %: expected version %, but it is at %',
            p_stream_id, CASE WHEN p_expected = -1 THEN 'no_stream' ELSE p_expected::text END, v_current
            USING ERRCODE = 'HN409', DETAIL = v_current::text;
        END IF;

        -- 4. The hash chain: the canonical text with the real prevHash and version filled in.
        FOR i IN 1 .. v_n LOOP
          v_prevs := v_prevs || v_prev;
          v_prev := encode(sha256(convert_to(
            p_pieces[3 * i - 2] || COALESCE('"' || v_prev || '"', 'null') || p_pieces[3 * i - 1]
              || (v_current + i)::text || p_pieces[3 * i],
            'UTF8')), 'hex');
          v_hashes := v_hashes || v_prev;
        END LOOP;

        -- 5. Head, then events (the events' foreign key needs the head).
        IF v_exists THEN
          UPDATE event_streams SET version = v_current + v_n, last_hash = v_prev WHERE stream_id = p_stream_id;
        ELSE
          INSERT INTO event_streams (stream_id, version, last_hash) VALUES (p_stream_id, v_n, v_prev);
        END IF;
        RETURN QUERY
          WITH ins AS (
            INSERT INTO events AS ev (event_id, stream_id, stream_version, type, schema_version, data, metadata,
                                      recorded_at, prev_hash, hash)
            SELECT (t.d->>'eventId')::uuid, p_stream_id, v_current + t.n::integer, t.d->>'type',
                   (t.d->>'schemaVersion')::integer, t.d->'data', t.d->'metadata',
                   (t.d->>'recordedAt')::timestamptz, v_prevs[t.n::integer], v_hashes[t.n::integer]
            FROM unnest(v_docs) WITH ORDINALITY AS t(d, n)
            ORDER BY t.n
            RETURNING ev.event_id, ev.global_position, ev.stream_version
          )
          SELECT ins.event_id, ins.global_position, ins.stream_version, false FROM ins ORDER BY ins.stream_version;
      END
      $fn$`);
    await q.query(`DROP TRIGGER IF EXISTS events_notify_after_insert ON events`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER events_notify_after_insert AFTER INSERT ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_notify()`);
    await q.query(`DROP FUNCTION hilfenetz_append(text, integer, text[])`);
  }
}
