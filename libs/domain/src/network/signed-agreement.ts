import type { SignedVersion } from '../agreement/agreement-signing';

/**
 * Whether an organisation stands by an agreement version: its last signature act on it is a
 * signature (a built-in version counts as signed by every partner it names; a withdrawal ends it).
 * A network partner's profile may name only such a version.
 */
export function hasSigned(version: SignedVersion, organisationId: string): boolean {
  const acts = version.acts.filter((a) => a.organisationId === organisationId);
  return acts.at(-1)?.action === 'signed';
}
