import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, requireGranteeSql } from './app-role';

/**
 * Every opening of a referred family's data (name, phone, address, children, needs) by a person:
 * the referring partner, who recorded the family with its consent, answers the family's question
 * who has read it (Art. 15 DSGVO), as `partner_contact_access_log` does for a partner's contact.
 * Append-only for the apps; it names readers, never the family, and outlives the family's erasure.
 */
export class ReferralAccessLog1764000000295 implements MigrationInterface {
  name = 'ReferralAccessLog1764000000295';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`
      CREATE TABLE referral_access_log (
        id                     bigserial PRIMARY KEY,
        network_id             text NOT NULL,
        referral_id            text NOT NULL,
        reader_id              text NOT NULL,
        reader_role            text NOT NULL,
        reader_organisation_id text NOT NULL,
        read_at                timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX referral_access_log_referral ON referral_access_log (referral_id, id)`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON referral_access_log FROM ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON referral_access_log TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_access_log`);
  }
}
