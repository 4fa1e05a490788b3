import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * Referrals between partners without the family (issue 17 part 6, docs/adr/0039): outbox, inbox,
 * the coordinating office's missed deadlines and the annual report's count. The family's data
 * stays sealed in the referral's stream.
 */
export class NetworkReferralsProjection implements Projection {
  readonly name = 'network-referrals';
  readonly tables = ['network_referrals'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const e = asKnownEvent(stored);
      if (!e) continue;
      switch (e.type) {
        case 'NetworkReferralSent': {
          const d = e.data;
          await m.query(
            `INSERT INTO network_referrals
               (referral_id, network_id, from_organisation_id, to_organisation_id, offer_id, sent_at, respond_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (referral_id) DO NOTHING`,
            [d.referralId, d.networkId, d.fromOrganisationId, d.toOrganisationId, d.offerId, d.sentAt, d.respondBy],
          );
          break;
        }
        case 'NetworkReferralDecided':
          await m.query(`UPDATE network_referrals SET status = $2, decided_at = $3 WHERE referral_id = $1`, [
            e.data.referralId,
            e.data.decision,
            e.data.decidedAt,
          ]);
          break;
        case 'NetworkReferralReminderDue':
          await m.query(`UPDATE network_referrals SET reminded = true WHERE referral_id = $1`, [e.data.referralId]);
          break;
        case 'NetworkReferralDeadlineMissed':
          await m.query(`UPDATE network_referrals SET deadline_missed = true WHERE referral_id = $1`, [
            e.data.referralId,
          ]);
          break;
        case 'NetworkReferralFamilyErased':
          await m.query(`UPDATE network_referrals SET erased = true WHERE referral_id = $1`, [e.data.referralId]);
          break;
        default:
          break;
      }
    }
  }
}
