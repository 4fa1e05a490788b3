import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, requireGranteeSql } from './app-role';

/**
 * The network itself (issue 17, docs/adr/0035).
 *
 * - `networks`, `network_partners`, `network_offers`: read models the projector keeps from the
 *   network streams, for the list of a caller's networks and the public offer page. Organisational
 *   data only: no contact person's data is ever projected (that stays sealed in the stream).
 * - `partner_contact_access_log`: every read of a contact's personal data by someone outside the
 *   partner organisation. Append-only for the apps.
 * - `hilfenetz_erase_contact_key`: destroys a contact's data-subject key, only if this very
 *   transaction appended the PartnerContactConsentWithdrawn event naming that subject to a network
 *   stream (the guarded-write pattern of 1764000000140). Contact keys are registered with the owner
 *   `contact-<contactId>` (never a case id), so case erasure and legal holds never touch them.
 */
export class Networks1764000000210 implements MigrationInterface {
  name = 'Networks1764000000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`
      CREATE TABLE networks (
        network_id                    text PRIMARY KEY,
        name                          text NOT NULL,
        kind                          text NOT NULL,
        region                        text NOT NULL,
        coordinating_organisation_ids text[] NOT NULL
      )`);
    await q.query(`
      CREATE TABLE network_partners (
        network_id       text NOT NULL,
        organisation_id  text NOT NULL,
        name             text NOT NULL,
        kind             text NOT NULL,
        target_groups    text[] NOT NULL,
        region           text NOT NULL,
        has_contact      boolean NOT NULL DEFAULT false,
        PRIMARY KEY (network_id, organisation_id)
      )`);
    await q.query(`CREATE INDEX network_partners_organisation ON network_partners (organisation_id)`);
    await q.query(`
      CREATE TABLE network_offers (
        offer_id         text PRIMARY KEY,
        network_id       text NOT NULL,
        organisation_id  text NOT NULL,
        title            text NOT NULL,
        description      text NOT NULL,
        target_groups    text[] NOT NULL,
        region           text NOT NULL,
        place            text NOT NULL,
        how_to_reach     text NOT NULL,
        cost             text NOT NULL,
        languages        text[] NOT NULL,
        published_at     timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX network_offers_partner ON network_offers (network_id, organisation_id)`);
    await q.query(`
      CREATE TABLE partner_contact_access_log (
        id                     bigserial PRIMARY KEY,
        network_id             text NOT NULL,
        organisation_id        text NOT NULL,
        contact_id             text NOT NULL,
        reader_id              text NOT NULL,
        reader_role            text NOT NULL,
        reader_organisation_id text NOT NULL,
        read_at                timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX partner_contact_access_log_contact ON partner_contact_access_log (contact_id, read_at)`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON partner_contact_access_log FROM ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON partner_contact_access_log TO ${APP_ROLE}`);

    await q.query(`
      CREATE FUNCTION hilfenetz_erase_contact_key(p_subject_id text, p_event_id uuid)
      RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      DECLARE
        v_owner  text;
        v_erased timestamptz;
      BEGIN
        SELECT k.case_id, k.erased_at INTO v_owner, v_erased FROM data_subject_keys k
         WHERE k.subject_id = p_subject_id FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'unknown data subject %', p_subject_id USING ERRCODE = 'HNUNK';
        END IF;
        IF v_owner NOT LIKE 'contact-%' THEN
          RAISE EXCEPTION 'subject % is not a network contact', p_subject_id USING ERRCODE = 'HNEVT';
        END IF;
        IF v_erased IS NOT NULL THEN
          RETURN;
        END IF;
        PERFORM 1 FROM events e
         WHERE e.event_id = p_event_id AND e.type = 'PartnerContactConsentWithdrawn'
           AND e.stream_id LIKE 'network-%' AND e.data->>'subjectId' = p_subject_id
           AND e.transaction_id = pg_current_xact_id_if_assigned();
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no PartnerContactConsentWithdrawn event % for % appended by this transaction',
            p_event_id, p_subject_id USING ERRCODE = 'HNEVT';
        END IF;
        UPDATE data_subject_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = p_subject_id;
      END $fn$`);
    await q.query(`REVOKE EXECUTE ON FUNCTION hilfenetz_erase_contact_key(text, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION hilfenetz_erase_contact_key(text, uuid) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hilfenetz_erase_contact_key(text, uuid)`);
    await q.query(`DROP TABLE partner_contact_access_log`);
    await q.query(`DROP TABLE network_offers`);
    await q.query(`DROP TABLE network_partners`);
    await q.query(`DROP TABLE networks`);
  }
}
