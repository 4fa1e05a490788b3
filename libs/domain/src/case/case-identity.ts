import { caseReferencePattern } from '@hilfenetz/contracts';

/**
 * Case identity scoped by the lead office (docs/adr/0024, issue 13 finding 8): a case id is
 * `<office>.<reference>`, where `<office>` is the lead organisation's id without its `org-` prefix
 * and `<reference>` the office's own Aktenzeichen. Two offices may use the same reference; neither
 * can register, block or probe the other's. Ids without a dot are cases registered before the
 * scoping (their reference is the whole id, their office unknown from the id).
 */

const ORG_PREFIX = 'org-';
const SEPARATOR = '.';

/** The office part of a case id for an organisation: `org-jugendamt-lindenau` → `jugendamt-lindenau`. */
export function officeOfOrganisation(organisationId: string): string {
  return organisationId.startsWith(ORG_PREFIX) ? organisationId.slice(ORG_PREFIX.length) : organisationId;
}

/** The case id of an office's own reference. */
export function scopedCaseId(organisationId: string, reference: string): string {
  if (!caseReferencePattern.test(reference)) {
    throw new Error(`not a case reference: ${JSON.stringify(reference)}`);
  }
  return `${officeOfOrganisation(organisationId)}${SEPARATOR}${reference}`;
}

/** Whether the id names its office (a scoped id) rather than being a bare reference. */
export function isScopedCaseId(caseId: string): boolean {
  return caseId.includes(SEPARATOR);
}

/** The office's own reference: the part after the dot, the whole id for an unscoped (older) one. */
export function referenceOf(caseId: string): string {
  const at = caseId.indexOf(SEPARATOR);
  return at < 0 ? caseId : caseId.slice(at + 1);
}

/** The office a scoped id names, or null for an unscoped (older) id. */
export function officeOf(caseId: string): string | null {
  const at = caseId.indexOf(SEPARATOR);
  return at < 0 ? null : caseId.slice(0, at);
}

/** Whether a scoped id names the organisation's own office (an unscoped id names none). */
export function namesOwnOffice(caseId: string, organisationId: string): boolean {
  return officeOf(caseId) === officeOfOrganisation(organisationId);
}

/**
 * Which case a caller means by a path id, in the order to look: a scoped id is meant as written;
 * a bare reference is first the caller's own office's case, then a case registered before the
 * scoping under exactly that id (older data, addressed by its whole id by lead and partners alike).
 * The first candidate that exists is meant; when none exists, the first (the caller's own office's
 * case), which only a crisis trigger may open.
 */
export function caseIdCandidates(pathId: string, callerOrganisationId: string): [string, ...string[]] {
  if (isScopedCaseId(pathId)) return [pathId];
  return [scopedCaseId(callerOrganisationId, pathId), pathId];
}
