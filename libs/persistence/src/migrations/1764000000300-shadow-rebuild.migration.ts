import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, requireGranteeSql } from './app-role';

/**
 * A read model rebuilt beside the live one and swapped in at the end (docs/adr/0052). The apps'
 * role may not create, index or drop tables, so three SECURITY DEFINER functions do it for the
 * tables listed in `shadow_rebuild_tables` (timeline_entries; any other name is refused, so the
 * functions cannot be turned against the event log):
 *
 * - `hilfenetz_shadow_begin(t)`: drops a shadow left by an earlier, failed rebuild and creates
 *   `t__rebuild` with t's columns, defaults and checks, without indexes, with exactly t's grants.
 *   Refused for a table owning a sequence (a serial column's counter would start over), with
 *   triggers or row security (a shadow would not carry them).
 * - `hilfenetz_shadow_index(t)`: builds t's primary key, unique constraints and indexes on the
 *   filled shadow under temporary names: one sort per index instead of a random insert per row,
 *   while readers still read t.
 * - `hilfenetz_shadow_swap(t)`: takes t's ACCESS EXCLUSIVE lock (the caller bounds the wait with
 *   lock_timeout), drops t, renames the shadow and its indexes and constraints to t's names, and
 *   analyses it. In the caller's transaction, which also replaces the projection's checkpoints.
 */
export class ShadowRebuild1764000000300 implements MigrationInterface {
  name = 'ShadowRebuild1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`CREATE TABLE shadow_rebuild_tables (table_name text PRIMARY KEY)`);
    await q.query(`INSERT INTO shadow_rebuild_tables (table_name) VALUES ('timeline_entries')`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON shadow_rebuild_tables FROM ${APP_ROLE}`);
    await q.query(`GRANT SELECT ON shadow_rebuild_tables TO ${APP_ROLE}`);

    await q.query(`
      CREATE FUNCTION hilfenetz_shadow_table(p_table text) RETURNS regclass
      LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $fn$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM shadow_rebuild_tables WHERE table_name = p_table) THEN
          RAISE EXCEPTION '% is not a read model rebuilt in a shadow table', p_table
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN to_regclass(format('public.%I', p_table));
      END $fn$`);

    await q.query(`
      CREATE FUNCTION hilfenetz_shadow_begin(p_table text) RETURNS text
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      DECLARE
        v_live   regclass := hilfenetz_shadow_table(p_table);
        v_shadow text := p_table || '__rebuild';
        r        record;
      BEGIN
        IF v_live IS NULL THEN
          RAISE EXCEPTION 'no table %', p_table USING ERRCODE = 'undefined_table';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                   WHERE d.refobjid = v_live) THEN
          RAISE EXCEPTION '% owns a sequence: a shadow would restart it', p_table
            USING ERRCODE = 'feature_not_supported';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = v_live AND NOT tgisinternal)
           OR (SELECT relrowsecurity FROM pg_class WHERE oid = v_live) THEN
          RAISE EXCEPTION '% has triggers or row security: a shadow would not carry them', p_table
            USING ERRCODE = 'feature_not_supported';
        END IF;
        EXECUTE format('DROP TABLE IF EXISTS %I', v_shadow);
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED'
                       ' INCLUDING STORAGE INCLUDING COMPRESSION)', v_shadow, p_table);
        -- Exactly the live table's grants, not this schema's default privileges.
        FOR r IN SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
                 WHERE c.oid = format('public.%I', v_shadow)::regclass AND a.grantee <> c.relowner LOOP
          EXECUTE format('REVOKE ALL ON %I FROM %s', v_shadow,
                         CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END);
        END LOOP;
        FOR r IN SELECT a.grantee, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a
                 WHERE c.oid = v_live AND a.grantee <> c.relowner LOOP
          EXECUTE format('GRANT %s ON %I TO %s', r.privilege_type, v_shadow,
                         CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END);
        END LOOP;
        RETURN v_shadow;
      END $fn$`);

    await q.query(SHADOW_INDEX_300);
    await q.query(SHADOW_SWAP_300);

    for (const fn of ['hilfenetz_shadow_begin(text)', 'hilfenetz_shadow_index(text)', 'hilfenetz_shadow_swap(text)']) {
      await q.query(`REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const fn of [
      'hilfenetz_shadow_swap(text)',
      'hilfenetz_shadow_index(text)',
      'hilfenetz_shadow_begin(text)',
      'hilfenetz_shadow_table(text)',
    ]) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
    await q.query(`DROP TABLE IF EXISTS timeline_entries__rebuild`);
    await q.query(`DROP TABLE shadow_rebuild_tables`);
  }
}

/** `hilfenetz_shadow_index` as this migration created it (1764000000301 adds the ANALYZE). */
export const SHADOW_INDEX_300 = `
      CREATE FUNCTION hilfenetz_shadow_index(p_table text) RETURNS void
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      DECLARE
        v_live   regclass := hilfenetz_shadow_table(p_table);
        v_shadow text := p_table || '__rebuild';
        r        record;
      BEGIN
        IF to_regclass(format('public.%I', v_shadow)) IS NULL THEN
          RAISE EXCEPTION 'no shadow table % to index', v_shadow USING ERRCODE = 'undefined_table';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = v_live AND contype IN ('f', 'x', 't')) THEN
          RAISE EXCEPTION '% has foreign key, exclusion or trigger constraints: not rebuilt in a shadow', p_table
            USING ERRCODE = 'feature_not_supported';
        END IF;
        -- Primary key and unique constraints: the constraint's definition, under a temporary name.
        FOR r IN SELECT con.conname, pg_get_constraintdef(con.oid) AS def FROM pg_constraint con
                 WHERE con.conrelid = v_live AND con.contype IN ('p', 'u') ORDER BY con.conname LOOP
          EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', v_shadow, 'shadow_' || md5(r.conname), r.def);
        END LOOP;
        -- Every other index: its own definition with the temporary name and the shadow's.
        FOR r IN SELECT ic.relname, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
                   JOIN pg_class ic ON ic.oid = i.indexrelid
                 WHERE i.indrelid = v_live
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
                 ORDER BY ic.relname LOOP
          EXECUTE regexp_replace(r.def, '^CREATE (UNIQUE )?INDEX \\S+ ON (ONLY )?\\S+ ',
                                 format('CREATE \\1INDEX %I ON %I ', 'shadow_' || md5(r.relname), v_shadow));
        END LOOP;
      END $fn$`;

/** `hilfenetz_shadow_swap` as this migration created it (1764000000301 moves its ANALYZE out of the lock). */
export const SHADOW_SWAP_300 = `
      CREATE FUNCTION hilfenetz_shadow_swap(p_table text) RETURNS void
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      DECLARE
        v_live    regclass := hilfenetz_shadow_table(p_table);
        v_shadow  text := p_table || '__rebuild';
        v_indexes text[];
        v_constr  text[];
        v_n       integer;
        r         text;
      BEGIN
        IF to_regclass(format('public.%I', v_shadow)) IS NULL THEN
          RAISE EXCEPTION 'no shadow table % to swap in', v_shadow USING ERRCODE = 'undefined_table';
        END IF;
        EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', p_table);
        SELECT array_agg(con.conname) INTO v_constr FROM pg_constraint con
         WHERE con.conrelid = v_live AND con.contype IN ('p', 'u');
        SELECT array_agg(ic.relname) INTO v_indexes FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
         WHERE i.indrelid = v_live AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid);
        SELECT count(*) INTO v_n FROM pg_index WHERE indrelid = format('public.%I', v_shadow)::regclass;
        IF v_n <> COALESCE(cardinality(v_constr), 0) + COALESCE(cardinality(v_indexes), 0) THEN
          RAISE EXCEPTION 'shadow % has % indexes, % has %: index it first', v_shadow, v_n, p_table,
            COALESCE(cardinality(v_constr), 0) + COALESCE(cardinality(v_indexes), 0)
            USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        EXECUTE format('DROP TABLE %I', p_table);
        EXECUTE format('ALTER TABLE %I RENAME TO %I', v_shadow, p_table);
        FOREACH r IN ARRAY COALESCE(v_constr, '{}') LOOP
          EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', p_table, 'shadow_' || md5(r), r);
        END LOOP;
        FOREACH r IN ARRAY COALESCE(v_indexes, '{}') LOOP
          EXECUTE format('ALTER INDEX %I RENAME TO %I', 'shadow_' || md5(r), r);
        END LOOP;
        EXECUTE format('ANALYZE %I', p_table);
      END $fn$`;
