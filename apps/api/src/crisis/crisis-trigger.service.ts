import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  crisisWorkflowType,
  type CooperationAgreement,
  type CrisisSituation,
  type CrisisWorkflowInput,
  type Principal,
  type SealedValue,
  type TriggerCrisisRequest,
  type TriggerCrisisResponse,
} from '@hilfenetz/contracts';
import { agreementForCase, DomainRuleViolation, refOf, type CaseFacts } from '@hilfenetz/domain';
import { DataSubjectErased, type PersonalDataVault } from '@hilfenetz/event-store';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { requestFingerprint } from '../common/idempotency-key';
import { APP_CONFIG, CLOCK, PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { actorOf } from './actor';
import { crisisIdFor } from './crisis-id';

/**
 * Starting a crisis: the agreement it runs under, the situation sealed under the young person's
 * key, and the workflow started once per Idempotency-Key (a retry answers the first start).
 */
@Injectable()
export class CrisisTriggerService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly agreements: AgreementRegistryService,
  ) {}

  /** Starts the crisis for the case whose facts the controller read (and authorised) just before. */
  async trigger(
    facts: CaseFacts,
    body: TriggerCrisisRequest,
    idempotencyKey: string,
    user: Principal,
    correlationId: string,
  ): Promise<TriggerCrisisResponse> {
    const { caseId } = facts;
    const crisisId = crisisIdFor(caseId, idempotencyKey);
    const requestHash = requestFingerprint(this.config.PERSONAL_DATA_MASTER_KEY, { caseId, ...body });
    const requestedAt = this.clock().toISOString();
    const agreement = await this.agreementInForce(facts, user, requestedAt);
    const situation = await this.sealSituation(facts, body, user);
    const input: CrisisWorkflowInput = {
      crisisId,
      caseId,
      dangerKind: body.dangerKind,
      urgency: body.urgency,
      triggeredBy: actorOf(user),
      requestedAt,
      correlationId,
      agreement: refOf(agreement),
      agreementVersion: agreement,
      ...(facts.careProviderOrganisationId ? { careProviderOrganisationId: facts.careProviderOrganisationId } : {}),
      ...(situation ? { situation } : {}),
    };
    try {
      await this.temporal.workflow.start(crisisWorkflowType, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: crisisId,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { requestHash, triggeredByOrganisationId: user.organisationId },
        searchAttributes: {
          HilfenetzCaseId: [caseId],
          HilfenetzStatus: ['triggering'],
          HilfenetzOrganisations: [user.organisationId],
        },
      });
      return { crisisId, caseId, alreadyTriggered: false };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const description = await this.temporal.workflow.getHandle(crisisId).describe();
      const memo = (description.memo ?? {}) as { requestHash?: string };
      if (memo.requestHash !== requestHash) {
        throw new ApplicationError(
          'request.idempotency_key_reused',
          'This Idempotency-Key was already used for a different request.',
          [{ field: 'header.idempotency-key', reason: 'already used with a different body' }],
        );
      }
      return { crisisId, caseId, alreadyTriggered: true };
    }
  }

  /**
   * The agreement the case's crisis runs under: the version in force now for the case's lead office
   * (signed by all its partners), never the triggering organisation's, so a Träger's or a stranger's
   * agreement cannot route another office's crisis; a bare reference is led by whoever opens it.
   * The provider task goes to the case's Träger (libs/domain `agreementForCase`). 422 when the lead
   * office has no agreement in force, or the agreement does not name the case's Träger with a route.
   */
  private async agreementInForce(facts: CaseFacts, user: Principal, at: string): Promise<CooperationAgreement> {
    const lead = facts.leadOrganisationId ?? user.organisationId;
    try {
      return agreementForCase(await this.agreements.inForceFor(lead, at), facts.careProviderOrganisationId);
    } catch (err) {
      if (!(err instanceof DomainRuleViolation)) throw err;
      if (err.code === 'agreement.provider_not_partner') {
        throw new ApplicationError(
          'agreement.not_partner',
          `${err.message}: correct the case's Träger or the agreement.`,
          [
            {
              field: 'case.careProviderOrganisationId',
              reason: 'not a provider with a route in the agreement in force',
            },
          ],
        );
      }
      throw new ApplicationError('agreement.none_in_force', err.message);
    }
  }

  /**
   * Seals location, note, the callback number and the caller's name under the young person's key
   * before they leave this process, so the workflow, the log and Kafka carry ciphertext only and
   * erasing the young person erases them too. Without a registered case there is no key: given
   * details are refused (the caller learns it instead of losing the text); the name is left out.
   */
  private async sealSituation(
    { caseId, registration }: CaseFacts,
    body: TriggerCrisisRequest,
    user: Principal,
  ): Promise<SealedValue | null> {
    const given = (['location', 'note', 'callbackPhone'] as const).filter((f) => body[f] !== undefined);
    if (!registration) {
      if (given.length === 0) return null;
      const reason = 'the case is not registered, so there is no key to protect personal details with';
      throw new ApplicationError(
        'case.not_registered',
        `Location, note and callback number can only be recorded for a registered case; register ${caseId} first or trigger without them.`,
        given.map((f) => ({ field: `body.${f}`, reason })),
      );
    }
    const plain: CrisisSituation = {
      ...(body.location !== undefined ? { location: body.location } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.callbackPhone !== undefined ? { callbackPhone: body.callbackPhone } : {}),
      // The briefings name whom to call back; the token's name is what the person is known by.
      triggeredByName: user.displayName,
    };
    try {
      return await this.vault.seal(registration.youngPersonSubjectId, plain);
    } catch (err) {
      // An erased young person has no key any more: a crisis may still run, without personal details.
      if (!(err instanceof DataSubjectErased)) throw err;
      if (given.length === 0) return null;
      throw new ApplicationError(
        'crisis.details_erased',
        'The young person’s data was erased; trigger without location, note and callback number.',
        given.map((f) => ({ field: `body.${f}`, reason: 'the young person’s data was erased' })),
      );
    }
  }
}
