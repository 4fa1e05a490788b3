import type { BreakGlassRules, CooperationAgreement, Principal, Role } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

/**
 * Break-glass inside the network (issue 13, finding 3; docs/adr/0019). Pure: the API feeds it the
 * agreement in force for the case's lead office and the clock.
 */

/**
 * The defaults for an agreement that says nothing: the on-call service of a partner organisation
 * (the emergency break-glass exists for: outside office hours, lead office unreachable), one hour
 * per reason, three days for the review.
 */
export const defaultBreakGlassRules: Required<BreakGlassRules> = {
  roles: ['on_call'],
  coverMinutes: 60,
  reviewDeadlineHours: 72,
};

export function breakGlassRulesOf(agreement: Pick<CooperationAgreement, 'breakGlass'>): Required<BreakGlassRules> {
  return { ...defaultBreakGlassRules, ...agreement.breakGlass };
}

export type BreakGlassEligibility =
  | { kind: 'eligible'; role: Role; rules: Required<BreakGlassRules> }
  /** Why not, for the security log only: the caller is told nothing (the same 404 as for no case). */
  | { kind: 'refused'; why: 'no_agreement' | 'not_a_partner' | 'role_not_named' };

/**
 * Whether someone outside the lead office may break the glass on its case: their organisation is
 * a partner of the agreement in force for the lead office (`agreement`, null when there is none),
 * and they hold a role the agreement names. `readerRoles` are the roles the endpoint lets read.
 */
export function breakGlassEligibility(
  user: Pick<Principal, 'roles' | 'organisationId'>,
  agreement: CooperationAgreement | null,
  readerRoles: readonly Role[],
): BreakGlassEligibility {
  if (!agreement) return { kind: 'refused', why: 'no_agreement' };
  if (!agreement.organisations.some((o) => o.id === user.organisationId))
    return { kind: 'refused', why: 'not_a_partner' };
  const rules = breakGlassRulesOf(agreement);
  const role = user.roles.find((r) => rules.roles.includes(r) && readerRoles.includes(r));
  return role ? { kind: 'eligible', role, rules } : { kind: 'refused', why: 'role_not_named' };
}

/** A break-glass grant: the first read with a reason; it covers the reader's reads until `coversUntil`. */
export interface BreakGlassGrant {
  reviewId: string;
  coversUntil: string;
}

/** Whether a grant still covers a read at `now` (one event per grant, not one per request). */
export function grantCovers(grant: BreakGlassGrant | null, now: Date): grant is BreakGlassGrant {
  return grant !== null && now.getTime() < Date.parse(grant.coversUntil);
}

/** The times a new grant opens with. */
export function grantTimes(now: Date, rules: Required<BreakGlassRules>): { coversUntil: string; dueAt: string } {
  return {
    coversUntil: new Date(now.getTime() + rules.coverMinutes * 60_000).toISOString(),
    dueAt: new Date(now.getTime() + rules.reviewDeadlineHours * 3_600_000).toISOString(),
  };
}

export interface ReviewFacts {
  leadOrganisationId: string;
  decided: boolean;
}

export type ReviewDecisionRefusal = {
  code: 'break_glass_review.not_found' | 'break_glass_review.decided';
  why: string;
};

/**
 * Who decides a review: a supervisor of the lead office, once. Anyone else is told there is no such
 * review (another office's reviews name its cases). Null when the decision may be recorded.
 */
export function reviewDecisionRefusal(
  user: Pick<Principal, 'roles' | 'organisationId'>,
  review: ReviewFacts | null,
): ReviewDecisionRefusal | null {
  if (!review || review.leadOrganisationId !== user.organisationId || !user.roles.includes('supervisor')) {
    return { code: 'break_glass_review.not_found', why: 'no such review of your organisation' };
  }
  if (review.decided) return { code: 'break_glass_review.decided', why: 'the review is decided already' };
  return null;
}

/** Whom a decision notifies beyond the log: "nicht berechtigt" goes to the data protection officer. */
export const notifiesDataProtectionOfficer = (verdict: 'justified' | 'unjustified'): boolean =>
  verdict === 'unjustified';

deepFreeze(defaultBreakGlassRules);
