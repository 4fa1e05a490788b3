import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Crypto-shredding: one data key per data subject, wrapped by the master key. Erasure destroys the
 * wrapped key; the events keep their ciphertext and their hashes, so the chain still verifies.
 * Legal holds (§9b SGB VIII) block erasure per case.
 */
export class PersonalDataKeys1764000000003 implements MigrationInterface {
  name = 'PersonalDataKeys1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_subject_keys (
        subject_id   text PRIMARY KEY,
        case_id      text NOT NULL,
        master_key_id text NOT NULL,
        wrapped_key  bytea,
        created_at   timestamptz NOT NULL DEFAULT now(),
        erased_at    timestamptz,
        CONSTRAINT erased_means_no_key CHECK ((erased_at IS NULL) = (wrapped_key IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX data_subject_keys_case ON data_subject_keys (case_id)`);
    await q.query(`
      CREATE TABLE legal_holds (
        case_id    text PRIMARY KEY,
        reason     text NOT NULL,
        placed_by  text NOT NULL,
        placed_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE legal_holds`);
    await q.query(`DROP TABLE data_subject_keys`);
  }
}
