import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764000000004-app-role-grants.migration';
import { requireGranteeSql } from './app-role';

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
    // Fails loudly when the apps' role is missing (issue 13, finding 6): a grant skipped in silence
    // left a database where the apps connect with rights nobody chose.
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`GRANT SELECT, INSERT, UPDATE ON guardian_codes TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON guardian_code_failures TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guardian_code_failures`);
    await q.query(`DROP TABLE guardian_codes`);
  }
}
