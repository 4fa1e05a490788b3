import type { AgreementRef, CooperationAgreement } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { lindenauAgreementV1 } from './lindenau.agreement';
import { deepFreeze } from '../deep-freeze';

/**
 * Every agreement version the system knows. Versions are never edited in place: a running crisis
 * (and its replayed workflow history) must find exactly the rules it started under.
 */
export const knownAgreements: readonly CooperationAgreement[] = [lindenauAgreementV1];

export function agreementByRef(ref: AgreementRef): CooperationAgreement {
  const found = knownAgreements.find((a) => a.agreementId === ref.agreementId && a.version === ref.version);
  if (!found) {
    throw new DomainRuleViolation('agreement.unknown', `no agreement ${ref.agreementId} version ${ref.version}`);
  }
  return found;
}

/** The version in force at `at` of the agreement a (triggering) organisation takes part in. */
export function agreementInForceFor(
  organisationId: string,
  at: string,
  agreements: readonly CooperationAgreement[] = knownAgreements,
): CooperationAgreement {
  const candidates = agreements
    .filter((a) => a.organisations.some((o) => o.id === organisationId) && a.validFrom <= at)
    .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  const inForce = candidates[0];
  if (!inForce) {
    throw new DomainRuleViolation(
      'agreement.none_in_force',
      `organisation ${organisationId} takes part in no cooperation agreement in force at ${at}`,
    );
  }
  return inForce;
}

export const refOf = (a: CooperationAgreement): AgreementRef => ({ agreementId: a.agreementId, version: a.version });

deepFreeze(knownAgreements);
