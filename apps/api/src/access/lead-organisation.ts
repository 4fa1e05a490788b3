/** The rows of a case stream that can name its lead organisation. */
export interface LeadCandidate {
  type: string;
  leadOrganisationId: string | null;
  actorOrganisationId: string | null;
}

/**
 * The organisation that leads a case: the one CaseRegistered names. A crisis may be triggered on a
 * bare case reference before anyone registered the case; until then the organisation of whoever
 * opened the stream leads it. No events at all: no case (null).
 */
export function leadOrganisationOf(candidates: LeadCandidate[]): string | null {
  const registered = candidates.find((c) => c.type === 'CaseRegistered' && c.leadOrganisationId);
  if (registered) return registered.leadOrganisationId;
  return candidates[0]?.actorOrganisationId ?? null;
}
