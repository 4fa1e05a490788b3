import type { AgreementVersionSummary } from '@hilfenetz/contracts';
import { signingStatus, type SignedVersion } from '@hilfenetz/domain';
import type { RegisteredVersion } from '@hilfenetz/read-models';

/** A version as the agreement list shows it: its status at `now`, its signatures and what is missing. */
export function summaryOf(v: RegisteredVersion, inForce: SignedVersion | null, now: string): AgreementVersionSummary {
  const s = signingStatus(v);
  const status: AgreementVersionSummary['status'] =
    s.endedAt !== null && s.endedAt <= now
      ? 'ended'
      : s.inForceFrom === null
        ? 'proposed'
        : Date.parse(s.inForceFrom) > Date.parse(now)
          ? 'scheduled'
          : inForce?.agreement.version === v.agreement.version
            ? 'in_force'
            : 'superseded';
  const iso = (t: string) => new Date(t).toISOString();
  return {
    version: v.agreement.version,
    validFrom: v.agreement.validFrom,
    source: v.source,
    publishedAt: v.publishedAt,
    status,
    inForceFrom: s.inForceFrom && iso(s.inForceFrom),
    endedAt: s.endedAt && iso(s.endedAt),
    signatures: s.signed.map((x) => ({ ...x, at: iso(x.at) })),
    missingSignatures: s.missing,
    withdrawn: s.withdrawn && { ...s.withdrawn, at: iso(s.withdrawn.at) },
  };
}

/** The versions grouped by agreement id, in the order given. */
export function byAgreement(versions: readonly RegisteredVersion[]): Map<string, RegisteredVersion[]> {
  const byId = new Map<string, RegisteredVersion[]>();
  for (const v of versions) byId.set(v.agreement.agreementId, [...(byId.get(v.agreement.agreementId) ?? []), v]);
  return byId;
}
