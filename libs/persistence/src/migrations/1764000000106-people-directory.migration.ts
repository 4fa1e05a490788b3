import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764000000004-app-role-grants.migration';
import { requireGranteeSql } from './app-role';

/**
 * Display names of the staff who act in hilfenetz (token `sub` → name and organisation), so the
 * timeline, board and exports name people instead of showing `u-kjp-0001`. Filled by the API from
 * verified tokens; only staff appear here, never the young person or the family. The events keep
 * the pseudonymous id: a name changed at the identity provider changes here, not in the log.
 */
export class PeopleDirectory1764000000106 implements MigrationInterface {
  name = 'PeopleDirectory1764000000106';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE people_directory (
        user_id          text PRIMARY KEY,
        display_name     text NOT NULL,
        organisation_id  text NOT NULL,
        updated_at       timestamptz NOT NULL
      )`);
    // Fails loudly when the apps' role is missing (issue 13, finding 6): a grant skipped in silence
    // left a database where the apps connect with rights nobody chose.
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`GRANT SELECT, INSERT, UPDATE ON people_directory TO ${APP_ROLE}`);
    await q.query(`REVOKE DELETE, TRUNCATE ON people_directory FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE people_directory`);
  }
}
