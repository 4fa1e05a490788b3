import { Inject, Injectable } from '@nestjs/common';
import {
  agreementStreamId,
  ApplicationError,
  type AgreementList,
  type AgreementVersionPublishedData,
  type CooperationAgreement,
  type OrganisationList,
  type OrganisationRole,
  type Principal,
  type PublishAgreementVersionRequest,
} from '@hilfenetz/contracts';
import { agreementInForceFor, agreementProblems, DomainRuleViolation, knownAgreements } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CLOCK, DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';

interface AgreementRow {
  agreement: CooperationAgreement;
  published_at: Date;
}

interface RegisteredVersion {
  agreement: CooperationAgreement;
  source: 'built_in' | 'published';
  publishedAt: string | null;
}

/**
 * Every agreement version the system knows: the built-in ones of the code registry
 * (@hilfenetz/domain `knownAgreements`) and the ones administrators published (table
 * agreement_versions, each also an AgreementVersionPublished event). Versions are immutable.
 */
@Injectable()
export class AgreementRegistryService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  /** Built-in and published versions, built-in first, each agreement's versions by validFrom. */
  async all(): Promise<RegisteredVersion[]> {
    const rows: AgreementRow[] = await this.ds.query(
      `SELECT agreement, published_at FROM agreement_versions ORDER BY agreement_id, valid_from, version`,
    );
    return [
      ...knownAgreements.map((agreement) => ({ agreement, source: 'built_in' as const, publishedAt: null })),
      ...rows.map((r) => ({
        agreement: r.agreement,
        source: 'published' as const,
        publishedAt: r.published_at.toISOString(),
      })),
    ];
  }

  async list(): Promise<AgreementList> {
    const now = this.clock().toISOString();
    const byId = new Map<string, RegisteredVersion[]>();
    for (const v of await this.all()) {
      byId.set(v.agreement.agreementId, [...(byId.get(v.agreement.agreementId) ?? []), v]);
    }
    return {
      agreements: [...byId.entries()].map(([agreementId, versions]) => {
        const sorted = [...versions].sort((a, b) => (a.agreement.validFrom < b.agreement.validFrom ? -1 : 1));
        const inForce = sorted.filter((v) => v.agreement.validFrom <= now).pop();
        const latest = sorted[sorted.length - 1];
        return {
          agreementId,
          region: (inForce ?? latest)?.agreement.region ?? '',
          inForceVersion: inForce?.agreement.version ?? null,
          versions: sorted.map((v) => ({
            version: v.agreement.version,
            validFrom: v.agreement.validFrom,
            source: v.source,
            publishedAt: v.publishedAt,
          })),
        };
      }),
    };
  }

  async version(agreementId: string, version: string): Promise<CooperationAgreement> {
    const found = (await this.all()).find(
      (v) => v.agreement.agreementId === agreementId && v.agreement.version === version,
    );
    if (!found) {
      throw new ApplicationError('agreement.version_not_found', `No agreement ${agreementId} version ${version}.`, [
        { field: 'path.version', reason: 'unknown agreement version' },
      ]);
    }
    return found.agreement;
  }

  /** The organisations of every agreement's version in force now, sorted by name. */
  async organisations(): Promise<OrganisationList> {
    const now = this.clock().toISOString();
    const inForce = new Map<string, CooperationAgreement>();
    for (const { agreement } of await this.all()) {
      if (agreement.validFrom > now) continue;
      const current = inForce.get(agreement.agreementId);
      if (!current || current.validFrom < agreement.validFrom) inForce.set(agreement.agreementId, agreement);
    }
    const organisations = [...inForce.values()].flatMap((a) =>
      a.organisations.map((o) => ({
        id: o.id,
        name: o.name,
        roles: o.roles,
        agreementId: a.agreementId,
        agreementVersion: a.version,
      })),
    );
    return {
      organisations: organisations.sort((x, y) => x.name.localeCompare(y.name, 'de') || x.id.localeCompare(y.id)),
    };
  }

  /**
   * Checks that `organisationId` takes part as `role` (a Träger, a clinic) in the agreement the lead
   * office works under now; anything else is a typo or an organisation outside the region, which
   * would silently open a case to the wrong people. 422 naming `field` otherwise.
   */
  async assertPartnerOf(
    leadOrganisationId: string,
    organisationId: string,
    role: OrganisationRole,
    field: string,
  ): Promise<void> {
    const refuse = (reason: string) =>
      new ApplicationError('agreement.not_partner', `${organisationId}: ${reason}.`, [{ field, reason }]);
    let agreement: CooperationAgreement;
    try {
      agreement = await this.inForceFor(leadOrganisationId, this.clock().toISOString());
    } catch (err) {
      if (err instanceof DomainRuleViolation) throw refuse('the lead office takes part in no agreement in force');
      throw err;
    }
    if (!agreement.organisations.find((o) => o.id === organisationId)?.roles.includes(role)) {
      throw refuse(`not a ${role} of the agreement ${agreement.agreementId} ${agreement.version}`);
    }
  }

  /** The version in force at `at` for an organisation, built-in and published versions alike. */
  async inForceFor(organisationId: string, at: string): Promise<CooperationAgreement> {
    return agreementInForceFor(
      organisationId,
      at,
      (await this.all()).map((v) => v.agreement),
    );
  }

  /**
   * Checks the new version with the engine's own rules, then stores the row and appends
   * AgreementVersionPublished in one transaction. An existing version → 409, nothing written.
   */
  async publish(
    agreementId: string,
    req: PublishAgreementVersionRequest,
    user: Principal,
    correlationId: string,
  ): Promise<CooperationAgreement> {
    const agreement: CooperationAgreement = { agreementId, ...req };
    const problems = agreementProblems(agreement);
    if (problems.length > 0) {
      throw new ApplicationError(
        'agreement.invalid',
        'The agreement would not be usable by the crisis engine.',
        problems.map((reason) => ({ field: `body.${problemField(reason)}`, reason })),
      );
    }
    const conflict = () =>
      new ApplicationError(
        'agreement.version_exists',
        `Agreement ${agreementId} already has a version ${req.version}; versions are immutable, publish a new one.`,
        [{ field: 'body.version', reason: 'already published' }],
      );
    if (knownAgreements.some((a) => a.agreementId === agreementId && a.version === req.version)) throw conflict();
    const publishedAt = this.clock().toISOString();
    const streamId = agreementStreamId(agreementId);
    const data: AgreementVersionPublishedData = { agreementId, version: req.version, agreement, publishedAt };
    const stored = await this.ds.transaction(async (m) => {
      await this.store.lockStream(m, streamId);
      const inserted: unknown[] = await m.query(
        `INSERT INTO agreement_versions (agreement_id, version, valid_from, agreement, published_at, published_by)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6)
         ON CONFLICT (agreement_id, version) DO NOTHING
         RETURNING version`,
        [agreementId, req.version, req.validFrom, JSON.stringify(agreement), publishedAt, user.id],
      );
      if (inserted.length === 0) return false;
      await this.store.appendInTransaction(m, streamId, [
        {
          eventId: randomUUID(),
          type: 'AgreementVersionPublished',
          schemaVersion: 1,
          data,
          metadata: {
            actorId: user.id,
            actorRole: user.roles.includes('administrator') ? 'administrator' : (user.roles[0] ?? 'unknown'),
            organisationId: user.organisationId,
            correlationId,
          },
        },
      ]);
      return true;
    });
    if (!stored) throw conflict();
    return agreement;
  }
}

/** The part of the agreement a domain problem is about ("parties.clinic step 0: …" → parties.clinic). */
function problemField(reason: string): string {
  const where = /^(parties\.[a-z_]+(?:\.outsideOfficeHours)?)/.exec(reason)?.[1];
  if (where) return where;
  if (reason.startsWith('contact ')) return 'contacts';
  if (reason.startsWith('supervisorContactId')) return 'supervisorContactId';
  return 'agreement';
}
