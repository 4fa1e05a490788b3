import type {
  NetworkReferralDecidedData,
  NetworkReferralSentData,
  Principal,
  ReferralDecision,
} from '@hilfenetz/contracts';
import { isCoordinator, isMember, partnerOf, type NetworkRefusal } from './network.rules';
import type { NetworkState } from './network.state';

/**
 * Referrals between partners (issue 17 part 6, docs/adr/0039; Lörrach's basic processes): the
 * rules of who sends, decides, reads and erases, the deadline's times, and the fold of a
 * referral's stream. Pure: the API and the workflow's activities share it.
 */

/** The owner a referral's family key is registered under (data_subject_keys.case_id): never a case. */
export function referralKeyOwner(referralId: string): string {
  return `referral-${referralId}`;
}

export interface Referral {
  sent: NetworkReferralSentData;
  decision: { decision: ReferralDecision; decidedAt: string; late: boolean } | null;
  reminded: boolean;
  deadlineMissed: boolean;
  erased: boolean;
}

export function foldReferral(events: readonly { type: string; data: unknown }[]): Referral | null {
  let r: Referral | null = null;
  for (const e of events) {
    if (e.type === 'NetworkReferralSent') {
      r = {
        sent: e.data as NetworkReferralSentData,
        decision: null,
        reminded: false,
        deadlineMissed: false,
        erased: false,
      };
      continue;
    }
    if (r === null) continue;
    const current: Referral = r;
    if (e.type === 'NetworkReferralDecided') {
      const d = e.data as NetworkReferralDecidedData;
      r = { ...current, decision: { decision: d.decision, decidedAt: d.decidedAt, late: d.late } };
    } else if (e.type === 'NetworkReferralReminderDue') {
      r = { ...current, reminded: true };
    } else if (e.type === 'NetworkReferralDeadlineMissed') {
      r = { ...current, deadlineMissed: true };
    } else if (e.type === 'NetworkReferralFamilyErased') {
      r = { ...current, erased: true };
    }
  }
  return r;
}

/** Still waiting for the receiving partner: neither decided nor erased. */
export function isReferralOpen(r: Referral): boolean {
  return r.decision === null && !r.erased;
}

/**
 * When the receiving partner is reminded and when the deadline passes: `days` after sending;
 * the reminder a day before (halfway for a one-day deadline).
 */
export function referralTimes(sentAt: string, days: number): { remindAt: string; respondBy: string } {
  const sent = Date.parse(sentAt);
  const respondBy = sent + days * 86_400_000;
  const remindAt = days > 1 ? respondBy - 86_400_000 : sent + 43_200_000;
  return { remindAt: new Date(remindAt).toISOString(), respondBy: new Date(respondBy).toISOString() };
}

/** The sender is a member; the receiver a current partner other than the sender, offering that offer. */
export function refuseReferral(
  state: NetworkState,
  user: Principal,
  toOrganisationId: string,
  offerId: string,
): { refusal: NetworkRefusal; field: string } | null {
  if (!isMember(state, user)) {
    return {
      refusal: {
        code: 'network.not_member',
        reason: 'your organisation is neither coordinator nor partner of this network',
      },
      field: 'path.networkId',
    };
  }
  const to = partnerOf(state, toOrganisationId);
  if (!to || toOrganisationId === user.organisationId) {
    return {
      refusal: { code: 'network.partner_not_found', reason: 'refer to another partner organisation of the network' },
      field: 'body.toOrganisationId',
    };
  }
  if (!to.offers.some((o) => o.offerId === offerId)) {
    return {
      refusal: { code: 'network.partner_not_found', reason: 'this partner has no such offer' },
      field: 'body.offerId',
    };
  }
  return null;
}

/** The receiving organisation's people decide. */
export function mayDecideReferral(user: Principal, r: Referral): boolean {
  return user.organisationId === r.sent.toOrganisationId;
}

/** The family's data is for the two partners; the coordinating office sees only that a deadline was missed. */
export function maySeeFamily(user: Principal, r: Referral): boolean {
  return user.organisationId === r.sent.fromOrganisationId || user.organisationId === r.sent.toOrganisationId;
}

export function maySeeReferral(state: NetworkState, user: Principal, r: Referral): boolean {
  return maySeeFamily(user, r) || (isCoordinator(state, user) && r.deadlineMissed);
}

/** Erased by the partner that recorded the family, or by the coordinating office (as for cases: once, for good). */
export function mayEraseReferral(state: NetworkState, user: Principal, r: Referral): boolean {
  return user.organisationId === r.sent.fromOrganisationId || isCoordinator(state, user);
}
