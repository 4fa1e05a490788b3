import type { AgreementContact, AgreementRef, CooperationAgreement } from '@hilfenetz/contracts';
import { knownAgreements } from '@hilfenetz/domain';
import type { DataSource } from 'typeorm';
import type { ContactResolver } from './task-notifier.reactor';

/**
 * Finds a contact in the agreement version a crisis runs under: a built-in version, or one an
 * administrator published (table agreement_versions). Versions are immutable, so a version once
 * read is kept for the life of the process.
 */
export function contactsFromAgreementVersions(ds: DataSource): ContactResolver {
  const published = new Map<string, CooperationAgreement | null>();
  async function agreementOf(ref: AgreementRef): Promise<CooperationAgreement | null> {
    const builtIn = knownAgreements.find((a) => a.agreementId === ref.agreementId && a.version === ref.version);
    if (builtIn) return builtIn;
    const key = `${ref.agreementId}@${ref.version}`;
    if (!published.has(key)) {
      const rows: { agreement: CooperationAgreement }[] = await ds.query(
        `SELECT agreement FROM agreement_versions WHERE agreement_id = $1 AND version = $2`,
        [ref.agreementId, ref.version],
      );
      // An unknown version is not remembered: it may be published by the time the next event asks.
      if (!rows[0]) return null;
      published.set(key, rows[0].agreement);
    }
    return published.get(key) ?? null;
  }
  return async (ref, contactId): Promise<AgreementContact | undefined> =>
    (await agreementOf(ref))?.contacts.find((c) => c.id === contactId);
}
