import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764000000004-app-role-grants.migration';
import { requireGranteeSql } from './app-role';

/**
 * Who read which case data, when and why (DSGVO Art. 5 (2), §§61 ff. SGB VIII). Like the event
 * log it is append-only for the apps: an access record that its subject could delete would not
 * prove anything. Break-glass reads also append a BreakGlassAccess event to the case stream.
 */
export class CaseAccessLog1764000000005 implements MigrationInterface {
  name = 'CaseAccessLog1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_access_log (
        id              bigserial PRIMARY KEY,
        case_id         text NOT NULL,
        resource        text NOT NULL,
        user_id         text NOT NULL,
        user_role       text NOT NULL,
        organisation_id text NOT NULL,
        purpose         text NOT NULL,
        break_glass     boolean NOT NULL DEFAULT false,
        reason          text,
        correlation_id  text NOT NULL,
        accessed_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT break_glass_needs_reason CHECK (NOT break_glass OR length(trim(reason)) >= 10)
      )`);
    await q.query(`CREATE INDEX case_access_log_case ON case_access_log (case_id, accessed_at)`);
    // Fails loudly when the apps' role is missing (issue 13, finding 6): a grant skipped in silence
    // left a database where the apps connect with rights nobody chose.
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`GRANT SELECT, INSERT ON case_access_log TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE case_access_log_id_seq TO ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON case_access_log FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_access_log`);
  }
}
