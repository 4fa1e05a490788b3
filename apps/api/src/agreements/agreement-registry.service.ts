import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type AgreementDiffResponse,
  type AgreementList,
  type CooperationAgreement,
  type OrganisationList,
  type OrganisationRole,
} from '@hilfenetz/contracts';
import {
  agreementDiff,
  agreementForCase,
  agreementForLeadOffice,
  DomainRuleViolation,
  versionInForce,
} from '@hilfenetz/domain';
import { AgreementVersionsRepository, type RegisteredVersion } from '@hilfenetz/read-models';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, DATA_SOURCE } from '../infrastructure/tokens';
import { byAgreement, summaryOf } from './agreement-summary';

/**
 * Every agreement version the system knows: the built-in ones of the code registry
 * (@hilfenetz/domain `knownAgreements`, signed by all their partners) and the ones administrators
 * proposed (table agreement_versions, each also an AgreementVersionPublished event), with their
 * signatures (table agreement_signatures, each also an event). Versions are immutable; which one
 * governs is the domain's rule (docs/adr/0015). This service reads them; proposing and signing
 * are AgreementPublishingService's.
 */
@Injectable()
export class AgreementRegistryService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly versions: AgreementVersionsRepository,
  ) {}

  /** Built-in and proposed versions with their signature acts, built-in first. */
  all(m: DataSource | EntityManager = this.ds): Promise<readonly RegisteredVersion[]> {
    return this.versions.all(m);
  }

  async list(): Promise<AgreementList> {
    const now = this.clock().toISOString();
    return {
      agreements: [...byAgreement(await this.all()).entries()].map(([agreementId, versions]) => {
        const sorted = [...versions].sort((a, b) => (a.agreement.validFrom < b.agreement.validFrom ? -1 : 1));
        const inForce = versionInForce(sorted, now);
        const latest = sorted[sorted.length - 1];
        return {
          agreementId,
          region: (inForce ?? latest)?.agreement.region ?? '',
          inForceVersion: inForce?.agreement.version ?? null,
          versions: sorted.map((v) => summaryOf(v, inForce, now)),
        };
      }),
    };
  }

  /** A version by id and number (404 `agreement.version_not_found` for none), in `m`'s transaction if given. */
  async registered(agreementId: string, version: string, m?: EntityManager): Promise<RegisteredVersion> {
    const found = (await this.all(m)).find(
      (v) => v.agreement.agreementId === agreementId && v.agreement.version === version,
    );
    if (!found) {
      throw new ApplicationError('agreement.version_not_found', `No agreement ${agreementId} version ${version}.`, [
        { field: 'path.version', reason: 'unknown agreement version' },
      ]);
    }
    return found;
  }

  async version(agreementId: string, version: string): Promise<CooperationAgreement> {
    return (await this.registered(agreementId, version)).agreement;
  }

  /** What a version changes against the agreement's version in force now: what a partner signs. */
  async diff(agreementId: string, version: string): Promise<AgreementDiffResponse> {
    const target = await this.registered(agreementId, version);
    const inForce = versionInForce(
      (await this.all()).filter((v) => v.agreement.agreementId === agreementId),
      this.clock().toISOString(),
    );
    return {
      agreementId,
      version,
      against: inForce?.agreement.version ?? null,
      changes: agreementDiff(inForce?.agreement ?? {}, target.agreement),
    };
  }

  /** The organisations of every agreement's version in force now, sorted by name. */
  async organisations(): Promise<OrganisationList> {
    const now = this.clock().toISOString();
    const inForce = [...byAgreement(await this.all()).values()]
      .map((vs) => versionInForce(vs, now)?.agreement)
      .filter((a): a is CooperationAgreement => a !== undefined);
    const organisations = inForce.flatMap((a) =>
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
    // A case's crisis goes to its Träger: one the agreement gives no route would be refused then.
    if (role === 'provider') {
      try {
        agreementForCase(agreement, organisationId);
      } catch (err) {
        if (err instanceof DomainRuleViolation)
          throw refuse(`no provider route in ${agreement.agreementId} ${agreement.version}`);
        throw err;
      }
    }
  }

  /**
   * The version a lead office's crises run under at `at`: of the agreements naming it as the youth
   * office, the one signed by every partner that came into force last (libs/domain).
   */
  async inForceFor(leadOrganisationId: string, at: string): Promise<CooperationAgreement> {
    return agreementForLeadOffice(leadOrganisationId, at, await this.all());
  }
}
