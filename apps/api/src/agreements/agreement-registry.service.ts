import { Inject, Injectable } from '@nestjs/common';
import {
  agreementStreamId,
  ApplicationError,
  type AgreementDiffResponse,
  type AgreementList,
  type AgreementSignatureWithdrawnData,
  type AgreementVersionPublishedData,
  type AgreementVersionSignedData,
  type AgreementVersionSummary,
  type CooperationAgreement,
  type OrganisationList,
  type OrganisationRole,
  type Principal,
  type PublishAgreementVersionRequest,
} from '@hilfenetz/contracts';
import {
  agreementDiff,
  agreementForCase,
  agreementForLeadOffice,
  agreementProblems,
  assertMayPropose,
  DomainRuleViolation,
  knownAgreements,
  signingRefusal,
  signingStatus,
  versionInForce,
  type SignedVersion,
} from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { AgreementVersionsRepository, type RegisteredVersion } from '@hilfenetz/read-models';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';

/**
 * Every agreement version the system knows: the built-in ones of the code registry
 * (@hilfenetz/domain `knownAgreements`, signed by all their partners) and the ones administrators
 * proposed (table agreement_versions, each also an AgreementVersionPublished event), with their
 * signatures (table agreement_signatures, each also an event). Versions are immutable; which one
 * governs is the domain's rule (docs/adr/0015).
 */
@Injectable()
export class AgreementRegistryService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly versions: AgreementVersionsRepository,
  ) {}

  /** Built-in and proposed versions with their signature acts, built-in first. */
  all(m: DataSource | EntityManager = this.ds): Promise<RegisteredVersion[]> {
    return this.versions.all(m);
  }

  private summaryOf(v: RegisteredVersion, inForce: SignedVersion | null, now: string): AgreementVersionSummary {
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

  private byAgreement(versions: RegisteredVersion[]): Map<string, RegisteredVersion[]> {
    const byId = new Map<string, RegisteredVersion[]>();
    for (const v of versions) byId.set(v.agreement.agreementId, [...(byId.get(v.agreement.agreementId) ?? []), v]);
    return byId;
  }

  async list(): Promise<AgreementList> {
    const now = this.clock().toISOString();
    return {
      agreements: [...this.byAgreement(await this.all()).entries()].map(([agreementId, versions]) => {
        const sorted = [...versions].sort((a, b) => (a.agreement.validFrom < b.agreement.validFrom ? -1 : 1));
        const inForce = versionInForce(sorted, now);
        const latest = sorted[sorted.length - 1];
        return {
          agreementId,
          region: (inForce ?? latest)?.agreement.region ?? '',
          inForceVersion: inForce?.agreement.version ?? null,
          versions: sorted.map((v) => this.summaryOf(v, inForce, now)),
        };
      }),
    };
  }

  private async registered(agreementId: string, version: string, m?: EntityManager): Promise<RegisteredVersion> {
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
    const inForce = [...this.byAgreement(await this.all()).values()]
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
    // Before anything else: whether the rest is well formed is none of a stranger's business.
    refuseDomain(() => assertMayPropose(agreement, user.organisationId), 'body.organisations');
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

  /**
   * The administrator signs (`signed`) or withdraws (`withdrawn`) their own organisation's
   * signature of a version: a row and its event in one transaction, under the agreement stream's
   * lock so two partners signing at once both count. Signing twice changes nothing (200 with the
   * first signature); a withdrawal ends the version for new crises, for good.
   */
  async sign(
    agreementId: string,
    version: string,
    action: 'signed' | 'withdrawn',
    user: Principal,
    correlationId: string,
  ): Promise<{ summary: AgreementVersionSummary; changed: boolean }> {
    const streamId = agreementStreamId(agreementId);
    const organisationId = user.organisationId;
    const changed = await this.ds.transaction(async (m) => {
      await this.store.lockStream(m, streamId);
      const current = await this.registered(agreementId, version, m);
      const refusal = signingRefusal(current, organisationId, action);
      if (refusal) {
        throw new ApplicationError(refusal.code, `${agreementId} ${version}: ${refusal.reason}.`, [
          {
            field: refusal.code === 'agreement.not_named' ? 'token.organisation' : 'path.version',
            reason: refusal.reason,
          },
        ]);
      }
      if (action === 'signed' && signingStatus(current).signed.some((x) => x.organisationId === organisationId)) {
        return false;
      }
      const at = this.clock().toISOString();
      await m.query(
        `INSERT INTO agreement_signatures (agreement_id, version, organisation_id, action, actor_id, at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [agreementId, version, organisationId, action, user.id, at],
      );
      const event =
        action === 'signed'
          ? {
              type: 'AgreementVersionSigned',
              data: { agreementId, version, organisationId, signedAt: at } satisfies AgreementVersionSignedData,
            }
          : {
              type: 'AgreementSignatureWithdrawn',
              data: { agreementId, version, organisationId, withdrawnAt: at } satisfies AgreementSignatureWithdrawnData,
            };
      await this.store.appendInTransaction(m, streamId, [
        {
          eventId: randomUUID(),
          ...event,
          schemaVersion: 1,
          metadata: { actorId: user.id, actorRole: 'administrator', organisationId, correlationId },
        },
      ]);
      return true;
    });
    const summary = (await this.list()).agreements
      .find((a) => a.agreementId === agreementId)
      ?.versions.find((v) => v.version === version);
    return { summary: summary!, changed };
  }
}

/** A domain refusal as the API's problem, naming the field it is about. */
function refuseDomain(check: () => void, field: string): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof DomainRuleViolation) || err.code !== 'agreement.not_named') throw err;
    throw new ApplicationError('agreement.not_named', err.message, [{ field, reason: err.message }]);
  }
}

/** The part of the agreement a domain problem is about ("parties.clinic step 0: …" → parties.clinic). */
function problemField(reason: string): string {
  const where = /^(parties\.[a-z_]+(?:\.outsideOfficeHours|\.routesByOrganisation)?)/.exec(reason)?.[1];
  if (where) return where;
  if (reason.startsWith('contact ')) return 'contacts';
  if (reason.startsWith('supervisorContactId')) return 'supervisorContactId';
  return 'agreement';
}
