import type { CooperationAgreement, OrganisationRole } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';

/**
 * An agreement version binds only the organisations that signed it (seeds: changes to the
 * cooperation in writing, signed by the partners). A version is a proposal until every
 * organisation it names has signed; it governs new crises from max(validFrom, last signature) until
 * any of them withdraws. docs/adr/0015.
 */

/** One signature act of an organisation's administrator, as the log records it. */
export interface SignatureAct {
  organisationId: string;
  action: 'signed' | 'withdrawn';
  /** Pseudonymous id of the administrator; `built-in` for the versions shipped with the code. */
  by: string;
  at: string;
}

export interface SignedVersion {
  agreement: CooperationAgreement;
  /** In the order they happened. */
  acts: readonly SignatureAct[];
}

/** Marks the signatures a built-in version carries: it was agreed before it became code. */
export const BUILT_IN_SIGNER = 'built-in';

/**
 * A version shipped with the code counts as signed by every partner it names at its validFrom:
 * the partners agreed it in writing before it became data. Withdrawals recorded later still end it.
 */
export function builtInSignatures(agreement: CooperationAgreement): SignatureAct[] {
  return agreement.organisations.map((o) => ({
    organisationId: o.id,
    action: 'signed' as const,
    by: BUILT_IN_SIGNER,
    at: agreement.validFrom,
  }));
}

export interface SigningStatus {
  /** Current signature per named organisation (the first one; a withdrawal ends the version for good). */
  signed: { organisationId: string; by: string; at: string }[];
  /** Named organisations that have not signed. */
  missing: string[];
  /** The first withdrawal, if any: from then on the version governs no new crisis. */
  withdrawn: { organisationId: string; by: string; at: string } | null;
  /** max(validFrom, last signature) once every organisation signed (before any withdrawal); else null. */
  inForceFrom: string | null;
  /** The first withdrawal: from then on the version governs no new crisis, nor can it come into force. */
  endedAt: string | null;
}

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

export function signingStatus({ agreement, acts }: SignedVersion): SigningStatus {
  const named = agreement.organisations.map((o) => o.id);
  const signatures = new Map<string, { organisationId: string; by: string; at: string }>();
  let withdrawn: SigningStatus['withdrawn'] = null;
  let complete: string | null = null;
  for (const act of acts) {
    if (!named.includes(act.organisationId)) continue;
    if (act.action === 'withdrawn') {
      if (!withdrawn && signatures.has(act.organisationId)) withdrawn = { ...act };
      continue;
    }
    // Signatures after a withdrawal change nothing: a partner left, the others sign a new version.
    if (withdrawn || signatures.has(act.organisationId)) continue;
    signatures.set(act.organisationId, { organisationId: act.organisationId, by: act.by, at: act.at });
    if (signatures.size === named.length) complete = act.at;
  }
  const inForceFrom = complete === null ? null : later(agreement.validFrom, complete);
  return {
    signed: named.flatMap((id) => signatures.get(id) ?? []),
    missing: named.filter((id) => !signatures.has(id)),
    withdrawn,
    inForceFrom,
    // A proposal a partner withdrew from ends too: it can never come into force any more.
    endedAt: withdrawn?.at ?? null,
  };
}

/** Whether the version governs a crisis started at `at`. */
export function governsAt(version: SignedVersion, at: string): boolean {
  const s = signingStatus(version);
  const t = Date.parse(at);
  return s.inForceFrom !== null && Date.parse(s.inForceFrom) <= t && (s.endedAt === null || t < Date.parse(s.endedAt));
}

/**
 * Of an agreement's versions, the one governing new crises at `at`: the governing version that came
 * into force last. A version whose partner withdrew leaves the one before it in force, as long as
 * every signature of that one still stands (nobody is left without an agreement by a withdrawal
 * from a newer version alone).
 */
export function versionInForce(versions: readonly SignedVersion[], at: string): SignedVersion | null {
  let best: { v: SignedVersion; from: string } | null = null;
  for (const v of versions) {
    if (!governsAt(v, at)) continue;
    const from = signingStatus(v).inForceFrom!;
    if (
      !best ||
      Date.parse(from) > Date.parse(best.from) ||
      (from === best.from && v.agreement.version > best.v.agreement.version)
    ) {
      best = { v, from };
    }
  }
  return best?.v ?? null;
}

/**
 * The version a lead office's crises run under at `at`: of the agreements in which the office is the
 * youth office (an agreement naming it as anything else governs other offices' crises), the governing
 * version that came into force last. Only fully signed versions count, so nobody can put an office
 * under rules it did not sign.
 */
export function agreementForLeadOffice(
  organisationId: string,
  at: string,
  versions: readonly SignedVersion[],
  role: OrganisationRole = 'youth_office',
): CooperationAgreement {
  const byAgreement = new Map<string, SignedVersion[]>();
  for (const v of versions) {
    if (!v.agreement.organisations.some((o) => o.id === organisationId && o.roles.includes(role))) continue;
    byAgreement.set(v.agreement.agreementId, [...(byAgreement.get(v.agreement.agreementId) ?? []), v]);
  }
  const inForce = [...byAgreement.values()]
    .map((vs) => versionInForce(vs, at))
    .filter((v): v is SignedVersion => v !== null)
    .sort((a, b) => Date.parse(signingStatus(b).inForceFrom!) - Date.parse(signingStatus(a).inForceFrom!));
  const found = inForce[0];
  if (!found) {
    throw new DomainRuleViolation(
      'agreement.none_in_force',
      `organisation ${organisationId} is the ${role} of no cooperation agreement signed by all its partners and in force at ${at}`,
    );
  }
  return found.agreement;
}

/**
 * Who may propose a version: an administrator of an organisation it names. Proposing for others
 * alone would let any administrator put words in partners' mouths; signing stays each partner's own.
 */
export function assertMayPropose(agreement: CooperationAgreement, organisationId: string): void {
  if (!agreement.organisations.some((o) => o.id === organisationId)) {
    throw new DomainRuleViolation(
      'agreement.not_named',
      `a version may only be proposed by an administrator of an organisation it names; ${organisationId} is not named`,
    );
  }
}

/** Why an organisation's administrator may not sign or withdraw now, or null when it may. */
export function signingRefusal(
  version: SignedVersion,
  organisationId: string,
  action: 'signed' | 'withdrawn',
): { code: 'agreement.not_named' | 'agreement.version_ended' | 'agreement.not_signed'; reason: string } | null {
  if (!version.agreement.organisations.some((o) => o.id === organisationId)) {
    return { code: 'agreement.not_named', reason: `${organisationId} is not a partner of this version` };
  }
  const s = signingStatus(version);
  if (s.withdrawn) {
    return { code: 'agreement.version_ended', reason: `${s.withdrawn.organisationId} withdrew its signature` };
  }
  const hasSigned = s.signed.some((x) => x.organisationId === organisationId);
  if (action === 'withdrawn' && !hasSigned) return { code: 'agreement.not_signed', reason: 'not signed' };
  return null;
}
