import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, requireGranteeSql } from './app-role';

/**
 * Referrals between partners (issue 17 part 6, docs/adr/0039).
 *
 * - `network_referrals`: the projector's list of referrals for the partners' outbox and inbox, the
 *   coordinating office's missed deadlines and the annual report's count. No family data: that
 *   stays sealed in the stream `network-referral-<referralId>`.
 * - `hilfenetz_erase_referral_key`: destroys a referred family's data-subject key (owner
 *   `referral-<referralId>`), only if this very transaction appended the NetworkReferralFamilyErased
 *   event naming that subject to the referral's stream (the guarded write of 1764000000140 and 210).
 */
export class NetworkReferrals1764000000261 implements MigrationInterface {
  name = 'NetworkReferrals1764000000261';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requireGranteeSql(APP_ROLE));
    await q.query(`
      CREATE TABLE network_referrals (
        referral_id          text PRIMARY KEY,
        network_id           text NOT NULL,
        from_organisation_id text NOT NULL,
        to_organisation_id   text NOT NULL,
        offer_id             text NOT NULL,
        status               text NOT NULL DEFAULT 'open',
        sent_at              timestamptz NOT NULL,
        respond_by           timestamptz NOT NULL,
        reminded             boolean NOT NULL DEFAULT false,
        deadline_missed      boolean NOT NULL DEFAULT false,
        decided_at           timestamptz,
        erased               boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX network_referrals_from ON network_referrals (network_id, from_organisation_id)`);
    await q.query(`CREATE INDEX network_referrals_to ON network_referrals (network_id, to_organisation_id)`);

    await q.query(`
      CREATE FUNCTION hilfenetz_erase_referral_key(p_subject_id text, p_event_id uuid)
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
        IF v_owner NOT LIKE 'referral-%' THEN
          RAISE EXCEPTION 'subject % is not a referred family', p_subject_id USING ERRCODE = 'HNEVT';
        END IF;
        IF v_erased IS NOT NULL THEN
          RETURN;
        END IF;
        PERFORM 1 FROM events e
         WHERE e.event_id = p_event_id AND e.type = 'NetworkReferralFamilyErased'
           AND e.stream_id = 'network-' || v_owner AND e.data->>'subjectId' = p_subject_id
           AND e.transaction_id = pg_current_xact_id_if_assigned();
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no NetworkReferralFamilyErased event % for % appended by this transaction',
            p_event_id, p_subject_id USING ERRCODE = 'HNEVT';
        END IF;
        UPDATE data_subject_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = p_subject_id;
      END $fn$`);
    await q.query(`REVOKE EXECUTE ON FUNCTION hilfenetz_erase_referral_key(text, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION hilfenetz_erase_referral_key(text, uuid) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hilfenetz_erase_referral_key(text, uuid)`);
    await q.query(`DROP TABLE network_referrals`);
  }
}
