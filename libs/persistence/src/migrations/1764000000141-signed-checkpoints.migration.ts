import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, requireGranteeSql } from './app-role';

/**
 * The signed checkpoint log (docs/adr/0016). A checkpoint covers every event whose transaction
 * id lies below `xid_horizon` (a set that can no longer change: those transactions had all ended
 * when it was taken); it signs, with an Ed25519 key the database never sees, a Merkle root over
 * the stream heads of that set, the event count, the highest global position and the hash of the
 * checkpoint before it. `signed_checkpoint_heads` holds the heads that changed since the previous
 * checkpoint, so the heads at checkpoint n are, per stream, the newest row with `seq <= n`;
 * verify recomputes the root from them and so notices an edited or deleted head row.
 *
 * Append-only: the apps' role may SELECT and INSERT (the projector writes checkpoints with it),
 * and a trigger refuses UPDATE, DELETE and TRUNCATE to everyone, the owner included.
 */
export class SignedCheckpoints1764000000141 implements MigrationInterface {
  name = 'SignedCheckpoints1764000000141';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`
      CREATE TABLE signed_checkpoints (
        seq             bigint PRIMARY KEY CHECK (seq > 0),
        created_at      timestamptz NOT NULL,
        xid_horizon     xid8 NOT NULL,
        global_position bigint NOT NULL,
        event_count     bigint NOT NULL,
        stream_count    integer NOT NULL,
        merkle_root     text NOT NULL,
        prev_hash       text,
        key_id          text NOT NULL,
        signature       text NOT NULL,
        CONSTRAINT signed_checkpoints_first_has_no_prev CHECK ((seq = 1) = (prev_hash IS NULL))
      )`);
    await q.query(`
      CREATE TABLE signed_checkpoint_heads (
        stream_id  text NOT NULL,
        seq        bigint NOT NULL REFERENCES signed_checkpoints (seq),
        version    integer NOT NULL,
        hash       text NOT NULL,
        positions  text NOT NULL,
        PRIMARY KEY (stream_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION signed_checkpoints_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['signed_checkpoints', 'signed_checkpoint_heads']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION signed_checkpoints_are_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION signed_checkpoints_are_append_only()`);
      // The default privileges of migration 004 gave UPDATE and DELETE too.
      await q.query(`REVOKE ALL ON ${table} FROM ${APP_ROLE}`);
      await q.query(`GRANT SELECT, INSERT ON ${table} TO ${APP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signed_checkpoint_heads`);
    await q.query(`DROP TABLE signed_checkpoints`);
    await q.query(`DROP FUNCTION signed_checkpoints_are_append_only`);
  }
}
