import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, requireGranteeSql } from './app-role';

export { APP_ROLE };

/**
 * Least privilege for the apps: they may read and write read models and checkpoints, but on
 * `events` only SELECT and INSERT. Together with the trigger, an app (or an attacker holding its
 * credentials) cannot change history. Fails when the role does not exist or runs this migration
 * itself: a skipped grant silently left the apps with every right (issue 13, finding 6).
 */
export class AppRoleGrants1764000000004 implements MigrationInterface {
  name = 'AppRoleGrants1764000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON events FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON schema_migrations FROM ${APP_ROLE}`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_ROLE};
          ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE};
          REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE};
          REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE};
        END IF;
      END $$`);
  }
}
