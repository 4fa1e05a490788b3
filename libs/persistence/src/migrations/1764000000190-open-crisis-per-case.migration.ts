import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764000000004-app-role-grants.migration';

/**
 * At most one open crisis per case (issue 19, docs/adr/0034): the crisis a case's last trigger
 * started. The API writes it under a per-case advisory lock in the same breath as it starts the
 * workflow, so two triggers at the same instant cannot both start one; whether the named crisis
 * still runs is asked of Temporal, so the row needs no release when the crisis ends. Ids only.
 */
export class OpenCrisisPerCase1764000000190 implements MigrationInterface {
  name = 'OpenCrisisPerCase1764000000190';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crisis_case_claims (
        case_id     text PRIMARY KEY,
        crisis_id   text NOT NULL,
        claimed_at  timestamptz NOT NULL
      )`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') AND current_user <> '${APP_ROLE}' THEN
          GRANT SELECT, INSERT, UPDATE ON crisis_case_claims TO ${APP_ROLE};
          REVOKE DELETE, TRUNCATE ON crisis_case_claims FROM ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crisis_case_claims`);
  }
}
