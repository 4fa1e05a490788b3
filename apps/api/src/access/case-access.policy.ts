import type { CaseResource, Principal, Role } from '@hilfenetz/contracts';
import { z } from 'zod';

/** Why a person read case data, as recorded in the access log. */
export type AccessPurpose = 'case_work' | 'supervision' | 'audit' | 'participation' | 'break_glass';

export const BREAK_GLASS_HEADER = 'x-break-glass-reason';
export const BREAK_GLASS_MIN_LENGTH = 10;
export const BREAK_GLASS_MAX_LENGTH = 500;

/** The roles that read a case's file and timeline, with the purpose their reading serves. */
const purposeByRole: Partial<Record<Role, Exclude<AccessPurpose, 'break_glass' | 'participation'>>> = {
  caseworker: 'case_work',
  on_call: 'case_work',
  supervisor: 'supervision',
  auditor: 'audit',
};

/** The roles that read case files at all, and so the only ones that can break the glass. */
export const BREAK_GLASS_READER_ROLES = Object.keys(purposeByRole) as Role[];

export type CaseAccessDecision =
  | { kind: 'allow'; role: Role; purpose: AccessPurpose; breakGlass: false }
  | { kind: 'allow'; role: Role; purpose: 'break_glass'; breakGlass: true; reason: string }
  /** Outside the lead organisation, without a reason: the caller may retry with one. */
  | { kind: 'break_glass_possible' }
  | { kind: 'deny'; why: string };

/**
 * Who takes part in what is read, besides the lead organisation: the organisations that hold a task
 * in a crisis, or the clinics and Träger of a Hilfeplanung. Their staff's reads are recorded.
 */
export type Participation = { kind: 'organisations'; organisationIds: string[] };

/** The roles that read their part of a crisis or planning they take part in. */
const participantRoles: Role[] = ['clinic_staff', 'provider_staff'];

export type BreakGlassReason =
  { kind: 'absent' } | { kind: 'valid'; reason: string } | { kind: 'invalid'; why: string };

/**
 * What X-Break-Glass-Reason accepts, as one pattern the OpenAPI document states and the parser
 * below applies (so a fuzzer generating from the document and the API agree): blank (spaces or
 * tabs: no break-glass), or 10 to 500 characters between the first and the last that is not a
 * space, tab or no-break space. Explicit character classes, not `\s` or `trim()`: the document's
 * readers (schemathesis is Python) disagree with JavaScript about what `\s` is (`[\s\S]` is any
 * character in both).
 */
const BLANK = /^[\t ]*$/;
const EDGE = /^[\t \u00a0]+|[\t \u00a0]+$/g;
const STATED = new RegExp(
  `^[\\t \\u00a0]*[^\\t \\u00a0][\\s\\S]{${BREAK_GLASS_MIN_LENGTH - 2},${BREAK_GLASS_MAX_LENGTH - 2}}[^\\t \\u00a0][\\t \\u00a0]*$`,
);
export const breakGlassReasonPattern = new RegExp(`${BLANK.source}|${STATED.source}`);
export const breakGlassReasonHeader = z
  .string()
  .regex(
    breakGlassReasonPattern,
    `must state the reason in ${BREAK_GLASS_MIN_LENGTH} to ${BREAK_GLASS_MAX_LENGTH} characters`,
  );

/** Reads the X-Break-Glass-Reason header. A reason that says nothing ("x", "Notfall") is refused. */
export function parseBreakGlassReason(header: string | string[] | undefined): BreakGlassReason {
  const raw = Array.isArray(header) ? header.join(', ') : header;
  if (raw === undefined || BLANK.test(raw)) return { kind: 'absent' };
  if (STATED.test(raw)) return { kind: 'valid', reason: raw.replace(EDGE, '') };
  return raw.replace(EDGE, '').length > BREAK_GLASS_MAX_LENGTH
    ? { kind: 'invalid', why: `must be at most ${BREAK_GLASS_MAX_LENGTH} characters` }
    : { kind: 'invalid', why: `must state the reason in at least ${BREAK_GLASS_MIN_LENGTH} characters` };
}

/**
 * Who may read a case's data. The endpoint's @AllowRoles has already admitted the role; this adds
 * the organisation: the lead organisation's caseworkers, on-call service, supervisors and auditors
 * read its cases; anyone else only by breaking the glass with a stated reason, which is logged and
 * reviewed, and only if the lead office's agreement lets them (libs/domain `breakGlassEligibility`,
 * checked by the service: this decision does not know the agreement). Break-glass exists for emergencies in care, so it opens the case file and timeline but
 * never the access log (an audit of another organisation is not an emergency).
 */
export function decideCaseAccess(
  user: Pick<Principal, 'roles' | 'organisationId'>,
  leadOrganisationId: string,
  resource: CaseResource | 'access_log',
  breakGlass: BreakGlassReason,
  participation?: Participation,
): CaseAccessDecision {
  const role = user.roles.find((r) => purposeByRole[r] !== undefined);
  if (!role) {
    const participant = user.roles.find((r) => participantRoles.includes(r));
    if (!participation || !participant) return { kind: 'deny', why: 'your role does not read case files' };
    if (!participation.organisationIds.includes(user.organisationId)) {
      return { kind: 'deny', why: 'your organisation takes no part in this' };
    }
    return { kind: 'allow', role: participant, purpose: 'participation', breakGlass: false };
  }
  if (resource === 'access_log' && role !== 'supervisor' && role !== 'auditor') {
    return { kind: 'deny', why: 'only supervisors and auditors read the access log' };
  }
  if (user.organisationId === leadOrganisationId) {
    return { kind: 'allow', role, purpose: purposeByRole[role]!, breakGlass: false };
  }
  if (resource === 'access_log') {
    return { kind: 'deny', why: 'the access log is read by the lead organisation only' };
  }
  if (breakGlass.kind === 'valid') {
    return { kind: 'allow', role, purpose: 'break_glass', breakGlass: true, reason: breakGlass.reason };
  }
  return { kind: 'break_glass_possible' };
}

export type CaseWriteDecision = { kind: 'allow' } | { kind: 'deny'; why: string };

/**
 * Who may change a case (trigger a crisis on it, cancel one, place a legal hold, erase it, plan
 * its help): staff of the lead organisation whose role the endpoint admits. There is no
 * break-glass for writes: another organisation asks the lead organisation. A case nobody has
 * written to yet has no lead: the first writer's organisation becomes it (see `CaseFacts.leadOrganisationId` in libs/domain).
 */
export function decideCaseWrite(
  user: Pick<Principal, 'organisationId'>,
  leadOrganisationId: string | null,
): CaseWriteDecision {
  if (leadOrganisationId === null || leadOrganisationId === user.organisationId) return { kind: 'allow' };
  return { kind: 'deny', why: 'this case is led by another organisation; only its staff may change it' };
}

/** The roles that read a briefing, in the order their purpose is chosen. */
const briefingReaders: Role[] = [
  'caseworker',
  'on_call',
  'supervisor',
  'clinic_staff',
  'provider_staff',
  'ambulance_dispatch',
];

export type BriefingAccessDecision =
  | { kind: 'allow'; role: Role; purpose: Exclude<AccessPurpose, 'break_glass' | 'audit'> }
  /** Neither holder nor lead: answered as if the task did not exist (no break-glass, no hint). */
  | { kind: 'hidden' };

/**
 * Who reads a task's briefing (issue 11, need-to-know): the organisation holding the task now, and
 * the lead office's caseworkers, on-call service and supervisors (who see what each party was
 * told). Nobody else, not by break-glass either: a briefing is cut for its holder, and whoever is
 * not part of the crisis must not even learn that the task exists.
 */
export function decideBriefingAccess(
  user: Pick<Principal, 'roles' | 'organisationId'>,
  leadOrganisationId: string,
  holderOrganisationId: string,
): BriefingAccessDecision {
  const role = briefingReaders.find((r) => user.roles.includes(r));
  if (!role) return { kind: 'hidden' };
  if (user.organisationId === leadOrganisationId && (role === 'caseworker' || role === 'on_call')) {
    return { kind: 'allow', role, purpose: 'case_work' };
  }
  if (user.organisationId === leadOrganisationId && role === 'supervisor') {
    return { kind: 'allow', role, purpose: 'supervision' };
  }
  if (user.organisationId === holderOrganisationId) return { kind: 'allow', role, purpose: 'participation' };
  return { kind: 'hidden' };
}
