import type { CooperationAgreement } from '@hilfenetz/contracts';
import { builtInSignatures, knownAgreements, type SignatureAct, type SignedVersion } from '@hilfenetz/domain';
import type { Sql } from '../case-facts/case-facts.table';

/** An agreement version with its signature acts, and where it came from. */
export interface RegisteredVersion extends SignedVersion {
  source: 'built_in' | 'published';
  publishedAt: string | null;
}

interface AgreementRow {
  agreement: CooperationAgreement;
  published_at: Date;
}

interface SignatureRow {
  agreement_id: string;
  version: string;
  organisation_id: string;
  action: 'signed' | 'withdrawn';
  actor_id: string;
  at: Date;
}

const key = (agreementId: string, version: string) => `${agreementId}\u0000${version}`;

/**
 * Every agreement version the system knows, with its signatures: the built-in ones of the code
 * registry (@hilfenetz/domain `knownAgreements`, signed by all their partners, ADR 0015) and the
 * ones administrators proposed (table `agreement_versions`), with the signature acts of
 * `agreement_signatures`. Which version governs is the domain's rule (`agreementForLeadOffice`);
 * the API and the worker read the same rows through this one repository.
 */
export class AgreementVersionsRepository {
  /** The versions as last read, and the tables' generation they were read at. */
  private cached: { generation: string; versions: readonly RegisteredVersion[] } | null = null;

  constructor(private readonly sql: Sql) {}

  /**
   * Built-in and proposed versions with their signature acts, built-in first. Every trigger, inbox
   * and board read asks for them, and they change only when someone proposes, signs or withdraws:
   * read through this repository's own connection, they are read again only when the tables'
   * generation moved (both tables are append-only for the apps, so their row counts and the last
   * signature's number say whether anything was added; one small query instead of both tables).
   * In a caller's transaction (`sql` given), exactly what that transaction sees.
   */
  async all(sql: Sql = this.sql): Promise<readonly RegisteredVersion[]> {
    if (sql !== this.sql) return this.read(sql);
    const rows: { generation: string }[] = await sql.query(
      `SELECT (SELECT count(*) FROM agreement_versions) || '/' || (SELECT count(*) FROM agreement_signatures) || '/' ||
              (SELECT coalesce(max(seq), 0) FROM agreement_signatures) AS generation`,
    );
    const generation = rows[0]!.generation;
    if (this.cached?.generation === generation) return this.cached.versions;
    // Read after the generation: a change in between is in the versions and moves the next check.
    const versions = Object.freeze(await this.read(sql));
    this.cached = { generation, versions };
    return versions;
  }

  private async read(sql: Sql): Promise<RegisteredVersion[]> {
    const [rows, signatureRows]: [AgreementRow[], SignatureRow[]] = await Promise.all([
      sql.query(`SELECT agreement, published_at FROM agreement_versions ORDER BY agreement_id, valid_from, version`),
      sql.query(
        `SELECT agreement_id, version, organisation_id, action, actor_id, at FROM agreement_signatures ORDER BY seq`,
      ),
    ]);
    const acts = new Map<string, SignatureAct[]>();
    for (const r of signatureRows) {
      const k = key(r.agreement_id, r.version);
      acts.set(k, [
        ...(acts.get(k) ?? []),
        { organisationId: r.organisation_id, action: r.action, by: r.actor_id, at: r.at.toISOString() },
      ]);
    }
    const actsOf = (a: CooperationAgreement) => acts.get(key(a.agreementId, a.version)) ?? [];
    return [
      ...knownAgreements.map((agreement) => ({
        agreement,
        // Agreed in writing before they became code: signed by every partner at validFrom (ADR 0015).
        acts: [...builtInSignatures(agreement), ...actsOf(agreement)],
        source: 'built_in' as const,
        publishedAt: null,
      })),
      ...rows.map((r) => ({
        agreement: r.agreement,
        acts: actsOf(r.agreement),
        source: 'published' as const,
        publishedAt: r.published_at.toISOString(),
      })),
    ];
  }
}
