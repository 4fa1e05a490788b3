import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, requireGranteeSql } from './app-role';

/**
 * Break-glass inside the network (issue 13, finding 3; docs/adr/0019).
 *
 * `break_glass_reviews`: one row per break-glass grant, written by the API in the transaction that
 * appends its BreakGlassAccess event (the review id is that read's access-log id). It is what lets
 * one reason cover the reader's further reads for a bounded time (`covers_until`) and what the
 * lead office's supervisor lists and decides; the decision is written with its event, too.
 *
 * `security_log`: refused attempts to read another office's case (answered like an unknown case).
 * Not the case's log on purpose: an outsider's probing must not grow the case or tell its
 * office's staff anything the attempt did not earn. Insert-only for the apps' role.
 */
export class BreakGlassReviews1764000000150 implements MigrationInterface {
  name = 'BreakGlassReviews1764000000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`
      CREATE TABLE break_glass_reviews (
        review_id            bigint PRIMARY KEY,
        case_id              text NOT NULL,
        lead_organisation_id text NOT NULL,
        reader_id            text NOT NULL,
        reader_role          text NOT NULL,
        reader_organisation  text NOT NULL,
        resource             text NOT NULL,
        reason               text NOT NULL,
        opened_at            timestamptz NOT NULL,
        covers_until         timestamptz NOT NULL,
        due_at               timestamptz NOT NULL,
        supervisor_contact_id text,
        workflow_started     boolean NOT NULL DEFAULT false,
        verdict              text CHECK (verdict IN ('justified', 'unjustified')),
        decided_by           text,
        decided_at           timestamptz
      )`);
    await q.query(
      `CREATE INDEX break_glass_reviews_grant ON break_glass_reviews (reader_id, case_id, covers_until DESC)`,
    );
    await q.query(
      `CREATE INDEX break_glass_reviews_lead ON break_glass_reviews (lead_organisation_id, opened_at DESC)`,
    );
    await q.query(`
      CREATE TABLE security_log (
        id              bigserial PRIMARY KEY,
        at              timestamptz NOT NULL,
        kind            text NOT NULL,
        user_id         text NOT NULL,
        user_roles      text[] NOT NULL,
        organisation_id text NOT NULL,
        case_id         text,
        resource        text,
        reason_given    boolean NOT NULL,
        why             text NOT NULL,
        correlation_id  text NOT NULL
      )`);
    await q.query(`CREATE INDEX security_log_at ON security_log (at)`);
    await q.query(`REVOKE ALL ON break_glass_reviews, security_log FROM ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON break_glass_reviews TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON security_log TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE security_log_id_seq TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE security_log`);
    await q.query(`DROP TABLE break_glass_reviews`);
  }
}
