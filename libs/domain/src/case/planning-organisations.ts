import type { CaseFacts } from './case-facts';

/** The outside parties whose staff take part in a case's Hilfeplanung, each with its organisations. */
export interface PlanningOrganisations {
  clinic: string[];
  provider: string[];
}

/**
 * The clinics and Träger that take part in a case's help planning: the Träger caring for the case,
 * those the discharge named (the clinic that admitted, the provider that held the crisis task) and
 * a clinic the youth office named when it started the planning. Only their staff read the planning
 * or answer in it, and only they are written to; another clinic's or Träger's staff have no business
 * with this young person's plan. One rule for the API's access check and the planning's messages.
 */
export function planningOrganisationsOf(
  facts: Pick<CaseFacts, 'participants' | 'careProviderOrganisationId'>,
): PlanningOrganisations {
  const clinic = new Set<string>();
  const provider = new Set<string>(facts.careProviderOrganisationId ? [facts.careProviderOrganisationId] : []);
  for (const p of facts.participants) {
    if (p.party === 'clinic') clinic.add(p.organisationId);
    if (p.party === 'provider') provider.add(p.organisationId);
  }
  return { clinic: [...clinic], provider: [...provider] };
}
