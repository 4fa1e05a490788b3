import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764000000004-app-role-grants.migration';

/**
 * One-time codes a guardian gets by SMS to confirm they were reached (issue 11), and the wrong
 * tries per client that lock the confirmation page. Only a keyed hash of each code is stored: a
 * copy of the table does not tell anyone a code.
 */
export class GuardianCodes1764000000110 implements MigrationInterface {
  name = 'GuardianCodes1764000000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guardian_codes (
        attempt_id    text PRIMARY KEY,
        code_hash     text NOT NULL,
        case_id       text NOT NULL,
        crisis_id     text NOT NULL,
        task_id       text NOT NULL,
        guardian_id   text NOT NULL,
        issued_at     timestamptz NOT NULL,
        expires_at    timestamptz NOT NULL,
        used_at       timestamptz
      )`);
    await q.query(`CREATE INDEX guardian_codes_by_hash ON guardian_codes (code_hash)`);
    await q.query(`
      CREATE TABLE guardian_code_failures (
        client_key     text PRIMARY KEY,
        failures       integer NOT NULL,
        first_failed_at timestamptz NOT NULL,
        locked_until   timestamptz
      )`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') AND current_user <> '${APP_ROLE}' THEN
          GRANT SELECT, INSERT, UPDATE ON guardian_codes TO ${APP_ROLE};
          GRANT SELECT, INSERT, UPDATE, DELETE ON guardian_code_failures TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guardian_code_failures`);
    await q.query(`DROP TABLE guardian_codes`);
  }
}
