import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764000000004-app-role-grants.migration';

/**
 * Write counters per user and window, shared by every API instance: with the counter in each
 * process, n instances behind a load balancer would let a user (or a stolen token) write n times
 * the limit. One row per user and throttler, reused window after window, so it never grows.
 */
export class WriteRateLimits1764000000105 implements MigrationInterface {
  name = 'WriteRateLimits1764000000105';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE write_rate_limits (
        key             text PRIMARY KEY,
        window_ends_at  timestamptz NOT NULL,
        hits            integer NOT NULL
      )`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') AND current_user <> '${APP_ROLE}' THEN
          GRANT SELECT, INSERT, UPDATE ON write_rate_limits TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE write_rate_limits`);
  }
}
