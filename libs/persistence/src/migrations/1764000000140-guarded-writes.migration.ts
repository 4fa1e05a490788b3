import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, requireGranteeSql } from './app-role';

/**
 * Stream heads, legal holds and data-subject keys change only through functions that run with the
 * schema owner's rights and write the matching event with the change (docs/adr/0016). The apps'
 * role keeps SELECT on these tables and loses every direct write, so an app (or whoever holds its
 * credentials) can no longer rewind a stream head, delete a hold row (§9b SGB VIII) or destroy a
 * key without the log saying so.
 *
 * - `hilfenetz_append` / `hilfenetz_append_batch` (migrations 101, 104) become SECURITY DEFINER:
 *   they are the only writers of `events` and `event_streams`, and they only ever extend a chain.
 * - `hilfenetz_register_subject`: inserts a new key, never replaces one. No event of its own: a key
 *   nobody seals under hides nothing, and the event that uses it (CaseRegistered, a guardian's)
 *   names its subject.
 * - `hilfenetz_erase_subject_key`, `hilfenetz_place_legal_hold`, `hilfenetz_lift_legal_hold`:
 *   change the row only if this very transaction appended the matching event (type, the case's
 *   stream, its case and subject) through `hilfenetz_append`; the caller appends first (under the
 *   stream's lock, ADR 0003), then calls the function, and both commit or neither does.
 *
 * Every SECURITY DEFINER function pins its search_path, so a caller cannot shadow a table with a
 * temporary one. Errors: HNEVT (no matching event in this transaction), HNHLD (legal hold),
 * HNUNK (unknown subject), HNNOH (no hold to lift).
 */
export class GuardedWrites1764000000140 implements MigrationInterface {
  name = 'GuardedWrites1764000000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requireGranteeSql(APP_ROLE));
    for (const fn of [
      'hilfenetz_append(text, integer, text[])',
      'hilfenetz_append_batch(text[], integer[], integer[], integer[], text[])',
    ]) {
      await q.query(`ALTER FUNCTION ${fn} SECURITY DEFINER SET search_path = public, pg_temp`);
    }

    // The event a guarded change requires. The case stream's name is caseStreamId (libs/domain).
    await q.query(`
      CREATE FUNCTION hilfenetz_require_event(p_event_id uuid, p_type text, p_case_id text)
      RETURNS jsonb LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $fn$
      DECLARE
        v_data jsonb;
      BEGIN
        SELECT e.data INTO v_data FROM events e
         WHERE e.event_id = p_event_id AND e.type = p_type AND e.stream_id = 'case-' || p_case_id
           AND e.data->>'caseId' = p_case_id AND e.transaction_id = pg_current_xact_id_if_assigned();
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no % event % for case % appended by this transaction', p_type, p_event_id, p_case_id
            USING ERRCODE = 'HNEVT';
        END IF;
        RETURN v_data;
      END $fn$`);

    await q.query(`
      CREATE FUNCTION hilfenetz_register_subject(p_subject_id text, p_case_id text, p_master_key_id text,
                                                 p_wrapped_key bytea)
      RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      BEGIN
        INSERT INTO data_subject_keys (subject_id, case_id, master_key_id, wrapped_key)
        VALUES (p_subject_id, p_case_id, p_master_key_id, p_wrapped_key)
        ON CONFLICT (subject_id) DO NOTHING;
        RETURN FOUND;
      END $fn$`);

    await q.query(`
      CREATE FUNCTION hilfenetz_erase_subject_key(p_subject_id text, p_event_id uuid)
      RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      DECLARE
        v_case   text;
        v_erased timestamptz;
        v_data   jsonb;
      BEGIN
        SELECT k.case_id, k.erased_at INTO v_case, v_erased FROM data_subject_keys k
         WHERE k.subject_id = p_subject_id FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'unknown data subject %', p_subject_id USING ERRCODE = 'HNUNK';
        END IF;
        IF EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = v_case) THEN
          RAISE EXCEPTION 'case % is under a legal hold', v_case USING ERRCODE = 'HNHLD', DETAIL = v_case;
        END IF;
        IF v_erased IS NOT NULL THEN
          RETURN v_case;
        END IF;
        v_data := hilfenetz_require_event(p_event_id, 'DataSubjectErased', v_case);
        IF v_data->>'subjectId' IS DISTINCT FROM p_subject_id THEN
          RAISE EXCEPTION 'event % erases %, not %', p_event_id, v_data->>'subjectId', p_subject_id
            USING ERRCODE = 'HNEVT';
        END IF;
        UPDATE data_subject_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = p_subject_id;
        RETURN v_case;
      END $fn$`);

    await q.query(`
      CREATE FUNCTION hilfenetz_place_legal_hold(p_case_id text, p_reason text, p_placed_by text,
                                                 p_placed_at timestamptz, p_event_id uuid)
      RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      BEGIN
        PERFORM hilfenetz_require_event(p_event_id, 'LegalHoldPlaced', p_case_id);
        INSERT INTO legal_holds (case_id, reason, placed_by, placed_at)
        VALUES (p_case_id, p_reason, p_placed_by, p_placed_at);
      END $fn$`);

    await q.query(`
      CREATE FUNCTION hilfenetz_lift_legal_hold(p_case_id text, p_event_id uuid)
      RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      BEGIN
        PERFORM hilfenetz_require_event(p_event_id, 'LegalHoldLifted', p_case_id);
        DELETE FROM legal_holds WHERE case_id = p_case_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'case % has no legal hold to lift', p_case_id USING ERRCODE = 'HNNOH';
        END IF;
      END $fn$`);

    const guarded = [
      'hilfenetz_append(text, integer, text[])',
      'hilfenetz_append_batch(text[], integer[], integer[], integer[], text[])',
      'hilfenetz_register_subject(text, text, text, bytea)',
      'hilfenetz_erase_subject_key(text, uuid)',
      'hilfenetz_place_legal_hold(text, text, text, timestamptz, uuid)',
      'hilfenetz_lift_legal_hold(text, uuid)',
    ];
    for (const fn of guarded) {
      await q.query(`REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }
    await q.query(`REVOKE EXECUTE ON FUNCTION hilfenetz_require_event(uuid, text, text) FROM PUBLIC`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON events, event_streams FROM ${APP_ROLE}`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON legal_holds, data_subject_keys FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT INSERT ON events TO ${APP_ROLE}`);
    await q.query(`GRANT INSERT, UPDATE, DELETE ON event_streams, legal_holds, data_subject_keys TO ${APP_ROLE}`);
    for (const fn of [
      'hilfenetz_lift_legal_hold(text, uuid)',
      'hilfenetz_place_legal_hold(text, text, text, timestamptz, uuid)',
      'hilfenetz_erase_subject_key(text, uuid)',
      'hilfenetz_register_subject(text, text, text, bytea)',
      'hilfenetz_require_event(uuid, text, text)',
    ]) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
    for (const fn of [
      'hilfenetz_append(text, integer, text[])',
      'hilfenetz_append_batch(text[], integer[], integer[], integer[], text[])',
    ]) {
      await q.query(`ALTER FUNCTION ${fn} SECURITY INVOKER RESET search_path`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO PUBLIC`);
    }
  }
}
