import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764000000004-app-role-grants.migration';

/**
 * Cooperation agreement versions published by administrators (POST /agreements/:id/versions),
 * next to the built-in ones in the code. Like the versions themselves the rows are immutable:
 * a crisis must find exactly the rules it started under. Each row's AgreementVersionPublished
 * event (stream `agreement-<id>`) is appended in the same transaction.
 */
export class AgreementVersions1764000000103 implements MigrationInterface {
  name = 'AgreementVersions1764000000103';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_versions (
        agreement_id  text NOT NULL,
        version       text NOT NULL,
        valid_from    timestamptz NOT NULL,
        agreement     jsonb NOT NULL,
        published_at  timestamptz NOT NULL,
        published_by  text NOT NULL,
        PRIMARY KEY (agreement_id, version)
      )`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') AND current_user <> '${APP_ROLE}' THEN
          GRANT SELECT, INSERT ON agreement_versions TO ${APP_ROLE};
          REVOKE UPDATE, DELETE, TRUNCATE ON agreement_versions FROM ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agreement_versions`);
  }
}
