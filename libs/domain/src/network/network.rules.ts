import type { Principal } from '@hilfenetz/contracts';
import type { NetworkPartner, NetworkState } from './network.state';

/**
 * Who may do what in a network (issue 17): only the coordinating office manages membership; a
 * partner's own people keep their contact and offers; members read the directory. Each check
 * answers with the reason it refuses, or null.
 */
export type NetworkRefusal =
  | { code: 'network.not_member'; reason: string }
  | { code: 'network.not_coordinator'; reason: string }
  | { code: 'network.not_your_partner'; reason: string }
  | { code: 'network.partner_not_found'; reason: string };

/** A network_coordinator of one of the coordinating organisations. */
export function isCoordinator(state: NetworkState, user: Principal): boolean {
  return user.roles.includes('network_coordinator') && state.coordinatingOrganisationIds.includes(user.organisationId);
}

export function partnerOf(state: NetworkState, organisationId: string): NetworkPartner | null {
  return state.partners.find((p) => p.organisationId === organisationId) ?? null;
}

/** Coordinating office or current partner: may read the network's directory and offers. */
export function isMember(state: NetworkState, user: Principal): boolean {
  return (
    state.coordinatingOrganisationIds.includes(user.organisationId) || partnerOf(state, user.organisationId) !== null
  );
}

export function refuseUnlessMember(state: NetworkState, user: Principal): NetworkRefusal | null {
  return isMember(state, user)
    ? null
    : { code: 'network.not_member', reason: 'your organisation is neither coordinator nor partner of this network' };
}

export function refuseUnlessCoordinator(state: NetworkState, user: Principal): NetworkRefusal | null {
  return isCoordinator(state, user)
    ? null
    : { code: 'network.not_coordinator', reason: 'only the coordinating office of this network manages it' };
}

function refuseUnknownPartner(state: NetworkState, organisationId: string): NetworkRefusal | null {
  return partnerOf(state, organisationId)
    ? null
    : { code: 'network.partner_not_found', reason: 'this organisation is not a partner of the network' };
}

/** A new contact (with consent) is recorded by the coordinating office or by the partner's own contact person. */
export function refuseContactRecording(
  state: NetworkState,
  user: Principal,
  organisationId: string,
): NetworkRefusal | null {
  if (!isMember(state, user)) return refuseUnlessMember(state, user);
  const own = user.roles.includes('partner_contact') && user.organisationId === organisationId;
  if (!own && !isCoordinator(state, user)) {
    return {
      code: 'network.not_your_partner',
      reason: 'only the coordinating office or the partner itself records its contact',
    };
  }
  return refuseUnknownPartner(state, organisationId);
}

/** The contact updates their own entry: the partner_contact of that partner organisation. */
export function refuseContactUpdate(
  state: NetworkState,
  user: Principal,
  organisationId: string,
): NetworkRefusal | null {
  if (!isMember(state, user)) return refuseUnlessMember(state, user);
  if (!(user.roles.includes('partner_contact') && user.organisationId === organisationId)) {
    return { code: 'network.not_your_partner', reason: 'only the partner’s own contact person updates the entry' };
  }
  return refuseUnknownPartner(state, organisationId);
}

/** Consent is withdrawn by the contact person, or recorded as withdrawn by the coordinating office. */
export const refuseConsentWithdrawal = refuseContactRecording;

/** Offers are published and kept by the partner's own people (partner_contact or a coordinator of a partner organisation). */
export function refuseOfferChange(state: NetworkState, user: Principal, organisationId: string): NetworkRefusal | null {
  if (!isMember(state, user)) return refuseUnlessMember(state, user);
  if (user.organisationId !== organisationId) {
    return { code: 'network.not_your_partner', reason: 'offers are published by the partner organisation itself' };
  }
  return refuseUnknownPartner(state, organisationId);
}

/**
 * A consent date: not in the future (it was given, not planned) and not older than ten years.
 * `today` is YYYY-MM-DD.
 */
export function refuseConsentDate(givenOn: string, today: string): string | null {
  const d = new Date(`${givenOn}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== givenOn) return 'not a calendar date';
  if (givenOn > today) return 'lies in the future; record consent once it is given';
  const tenYearsAgo = `${Number(today.slice(0, 4)) - 10}${today.slice(4)}`;
  if (givenOn < tenYearsAgo) return 'more than ten years ago; ask the contact to confirm again';
  return null;
}

/**
 * Today's date where the network works (Europe/Berlin), YYYY-MM-DD: a consent given after midnight
 * in Germany is dated the next day while UTC still says the day before.
 */
export function consentToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now);
}

/** Reading a contact's personal data from outside the partner organisation is logged. */
export function isOutsideRead(readerOrganisationId: string, partnerOrganisationId: string): boolean {
  return readerOrganisationId !== partnerOrganisationId;
}
