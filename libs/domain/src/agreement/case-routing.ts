import type { CooperationAgreement } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';

/** The Träger the agreement's own provider route goes to (the organisation of its first contact). */
export function defaultProviderOf(agreement: CooperationAgreement): string | undefined {
  const first = agreement.parties.provider.route.firstContactId;
  return agreement.contacts.find((c) => c.id === first)?.organisationId;
}

/**
 * The agreement as a case's crisis runs under it: the provider task goes to the case's Träger.
 * Everything downstream (notification, escalation chain, who may act, whose channels are tried)
 * reads `parties.provider`, so the Träger's route replaces it there and nowhere else; the version,
 * its other parties and its contacts stay as signed. A case without a Träger on file, and a case
 * whose Träger is the one the agreement's own route names, get the agreement unchanged (the same
 * object: crises decide exactly as before this rule existed).
 *
 * A Träger the agreement does not name as a provider with its own route is refused: handing the
 * task (location, note, the young person's situation) to another Träger is the leak this prevents,
 * and silently dropping the provider is not what the partners signed.
 */
export function agreementForCase(
  agreement: CooperationAgreement,
  careProviderOrganisationId: string | null | undefined,
): CooperationAgreement {
  if (!careProviderOrganisationId || careProviderOrganisationId === defaultProviderOf(agreement)) return agreement;
  const provider = agreement.parties.provider;
  const own = provider.routesByOrganisation?.find((r) => r.organisationId === careProviderOrganisationId);
  const isProvider = agreement.organisations
    .find((o) => o.id === careProviderOrganisationId)
    ?.roles.includes('provider');
  if (!own || !isProvider) {
    throw new DomainRuleViolation(
      'agreement.provider_not_partner',
      `the case's Träger ${careProviderOrganisationId} is not a provider with its own route in the agreement ` +
        `${agreement.agreementId} ${agreement.version}`,
    );
  }
  const { outsideOfficeHours: _theDefaultTraegersHours, ...rest } = provider;
  return { ...agreement, parties: { ...agreement.parties, provider: { ...rest, route: own.route } } };
}
