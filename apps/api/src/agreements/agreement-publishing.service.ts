import { Inject, Injectable } from '@nestjs/common';
import {
  agreementStreamId,
  ApplicationError,
  type AgreementSignatureWithdrawnData,
  type AgreementVersionPublishedData,
  type AgreementVersionSignedData,
  type AgreementVersionSummary,
  type CooperationAgreement,
  type Principal,
  type PublishAgreementVersionRequest,
} from '@hilfenetz/contracts';
import { agreementProblems, assertMayPropose, knownAgreements, signingRefusal, signingStatus } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CLOCK, DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';
import { problemField, refuseDomain } from './agreement-problems';
import { AgreementRegistryService } from './agreement-registry.service';

/**
 * The administrators' changes to the agreement registry: proposing a version and signing or
 * withdrawing from one. Each writes its row (agreement_versions, agreement_signatures) and its
 * event on the agreement's stream in one transaction; what is read back is the registry's.
 */
@Injectable()
export class AgreementPublishingService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly registry: AgreementRegistryService,
  ) {}

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
      const current = await this.registry.registered(agreementId, version, m);
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
    const summary = (await this.registry.list()).agreements
      .find((a) => a.agreementId === agreementId)
      ?.versions.find((v) => v.version === version);
    return { summary: summary!, changed };
  }
}
