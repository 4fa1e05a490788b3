/** A case-stream event as far as the planning's participants are concerned. */
export interface CaseStreamEvent {
  type: string;
  data: unknown;
}

/** The parties whose staff take part in a Hilfeplanung from outside the youth office. */
const outsideParties = new Set(['clinic', 'provider']);

/**
 * The clinics and Träger that take part in a case's help planning: those the discharge named
 * (HilfeplanungRequested: the clinic that admitted, the provider that held the crisis task) and the
 * Träger caring for the case, and a clinic the youth office named when it started the planning. Only their staff read the planning or answer in it; another clinic's
 * or Träger's staff have no business with this young person's plan.
 */
export function planningOrganisations(events: readonly CaseStreamEvent[]): string[] {
  const organisations = new Set<string>();
  for (const e of events) {
    if (e.type === 'HilfeplanungRequested') {
      const { participants } = e.data as { participants: { party: string; organisationId: string }[] };
      for (const p of participants) if (outsideParties.has(p.party)) organisations.add(p.organisationId);
    }
    if (e.type === 'HilfeplanungStarted') {
      const { origin } = e.data as { origin: { kind: string; clinicOrganisationId?: string } };
      if (origin.clinicOrganisationId) organisations.add(origin.clinicOrganisationId);
    }
    if (e.type === 'CaseRegistered') {
      const provider = (e.data as { careProviderOrganisationId?: string }).careProviderOrganisationId;
      if (provider) organisations.add(provider);
    }
  }
  return [...organisations];
}
