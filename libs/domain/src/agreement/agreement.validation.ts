import type { ContactRoute, CooperationAgreement } from '@hilfenetz/contracts';

/**
 * What makes an agreement usable by the engine: every contact it routes to exists and belongs to
 * a listed organisation, every deadline is positive, a supervisor step can only end a chain.
 * Returns the problems, empty when none.
 */
export function agreementProblems(a: CooperationAgreement): string[] {
  const problems: string[] = [];
  const orgs = new Set(a.organisations.map((o) => o.id));
  const contacts = new Map(a.contacts.map((c) => [c.id, c]));
  for (const c of a.contacts) {
    if (!orgs.has(c.organisationId)) problems.push(`contact ${c.id}: unknown organisation ${c.organisationId}`);
  }
  const supervisor = contacts.get(a.supervisorContactId);
  if (supervisor?.kind !== 'supervisor') problems.push(`supervisorContactId must name a supervisor contact`);

  const checkRoute = (where: string, r: ContactRoute) => {
    if (!contacts.has(r.firstContactId)) problems.push(`${where}: unknown first contact ${r.firstContactId}`);
    if (!(r.ackDeadlineMinutes > 0)) problems.push(`${where}: acknowledgement deadline must be positive`);
    r.escalation.forEach((s, i) => {
      if (!contacts.has(s.contactId)) problems.push(`${where} step ${i}: unknown contact ${s.contactId}`);
      if (!(s.ackDeadlineMinutes > 0)) problems.push(`${where} step ${i}: deadline must be positive`);
      if (s.kind === 'supervisor' && i !== r.escalation.length - 1) {
        problems.push(`${where} step ${i}: a supervisor step can only end the chain`);
      }
    });
  };
  for (const [party, p] of Object.entries(a.parties)) {
    if (p.party !== party) problems.push(`parties.${party}: protocol is for ${p.party}`);
    for (const [i, { organisationId, route }] of (p.routesByOrganisation ?? []).entries()) {
      const where = `parties.${party}.routesByOrganisation`;
      // Only the provider follows the case; the other parties are the region's, the same for every case.
      if (party !== 'provider') problems.push(`${where}: only the provider has routes per organisation`);
      if (!a.organisations.find((o) => o.id === organisationId)?.roles.includes('provider')) {
        problems.push(`${where} ${i}: ${organisationId} is not a provider of this agreement`);
      }
      checkRoute(`${where} ${i}`, route);
      // The Träger's own people first: its route must not start at another organisation's desk.
      if (contacts.get(route.firstContactId) && contacts.get(route.firstContactId)?.organisationId !== organisationId) {
        problems.push(`${where} ${i}: the first contact is not one of ${organisationId}`);
      }
    }
    checkRoute(`parties.${party}`, p.route);
    if (p.outsideOfficeHours) {
      checkRoute(`parties.${party}.outsideOfficeHours`, p.outsideOfficeHours);
      const org = a.organisations.find((o) => o.id === contacts.get(p.route.firstContactId)?.organisationId);
      if (!org?.officeHours) problems.push(`parties.${party}: an out-of-hours route needs the office hours`);
    }
  }
  return problems;
}
