import { ApplicationError } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '@hilfenetz/domain';

/** A domain refusal as the API's problem, naming the field it is about. */
export function refuseDomain(check: () => void, field: string): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof DomainRuleViolation) || err.code !== 'agreement.not_named') throw err;
    throw new ApplicationError('agreement.not_named', err.message, [{ field, reason: err.message }]);
  }
}

/** The part of the agreement a domain problem is about ("parties.clinic step 0: …" → parties.clinic). */
export function problemField(reason: string): string {
  const where = /^(parties\.[a-z_]+(?:\.outsideOfficeHours|\.routesByOrganisation)?)/.exec(reason)?.[1];
  if (where) return where;
  if (reason.startsWith('contact ')) return 'contacts';
  if (reason.startsWith('supervisorContactId')) return 'supervisorContactId';
  return 'agreement';
}
