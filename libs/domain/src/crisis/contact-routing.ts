import type { AgreementContact, ContactRoute, CooperationAgreement, CrisisParty } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { isWithinOfficeHours } from '../agreement/office-hours';
import type { TaskRoute } from './crisis.state';

export function contactOf(agreement: CooperationAgreement, contactId: string): AgreementContact {
  const c = agreement.contacts.find((x) => x.id === contactId);
  if (!c) throw new DomainRuleViolation('agreement.unknown_contact', `agreement has no contact ${contactId}`);
  return c;
}

/**
 * Which route a party's task takes, decided by the trigger time: the youth office's case worker
 * in office hours, its on-call service outside them. Parties without an out-of-hours route
 * always take their one route.
 */
export function routeAt(
  agreement: CooperationAgreement,
  party: CrisisParty,
  at: string,
): { kind: TaskRoute; route: ContactRoute } {
  const protocol = agreement.parties[party];
  if (!protocol.outsideOfficeHours) return { kind: 'always', route: protocol.route };
  const orgId = contactOf(agreement, protocol.route.firstContactId).organisationId;
  const hours = agreement.organisations.find((o) => o.id === orgId)?.officeHours;
  return hours && isWithinOfficeHours(hours, at)
    ? { kind: 'office_hours', route: protocol.route }
    : { kind: 'outside_office_hours', route: protocol.outsideOfficeHours };
}

export function routeOf(agreement: CooperationAgreement, party: CrisisParty, kind: TaskRoute): ContactRoute {
  const protocol = agreement.parties[party];
  return kind === 'outside_office_hours' && protocol.outsideOfficeHours ? protocol.outsideOfficeHours : protocol.route;
}
