import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  crisisWorkflowType,
  type AcknowledgeTaskResult,
  type Actor,
  type CooperationAgreement,
  type CrisisBoardView,
  type CrisisLiveState,
  type CrisisNames,
  type CrisisSituation,
  type CrisisStepResult,
  type CrisisWorkflowInput,
  type DecideAdmissionRequest,
  type DeclineTaskResult,
  type Principal,
  type ReportAmbulanceDispatchRequest,
  type SealedValue,
  type TriggerCrisisRequest,
  type TriggerCrisisResponse,
} from '@hilfenetz/contracts';
import { agreementForCase, DomainRuleViolation, refOf, type CaseFacts } from '@hilfenetz/domain';
import { DataSubjectErased, type PersonalDataVault } from '@hilfenetz/event-store';
import {
  acknowledgeTask,
  announceDischarge,
  cancelCrisis,
  crisisStatus,
  decideAdmission,
  declineTask,
  reportAmbulanceDispatch,
} from '@hilfenetz/workflow-crisis/messages';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { sealFreeText } from '../cases/free-text';
import { DirectoryService } from '../directory/directory.service';
import { actingRole } from '../auth/acting-role';
import { APP_CONFIG, CLOCK, PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { problemFromWorkflowError } from './workflow-refusals';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The crisis id is the workflow id: derived from the case and the Idempotency-Key, so a retry finds it. */
export function crisisIdFor(caseId: string, idempotencyKey: string): string {
  return `crisis-${caseId}-${sha256(idempotencyKey).slice(0, 20)}`;
}

/** The person as the workflow sees them: pseudonymous id, the role they act in, their organisation. */
export function actorOf(user: Principal): Actor {
  return { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId };
}

/**
 * The request as the idempotency memo fingerprints it. Keyed (a key derived from the master key for
 * this purpose only): a plain hash of a short location in Temporal's memo could be guessed back.
 */
function requestFingerprint(masterKey: string, caseId: string, body: TriggerCrisisRequest): string {
  const key = Buffer.from(hkdfSync('sha256', masterKey, '', 'hilfenetz/trigger-request-fingerprint', 32));
  return createHmac('sha256', key)
    .update(JSON.stringify({ caseId, ...body }))
    .digest('hex');
}

@Injectable()
export class CrisisService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly agreements: AgreementRegistryService,
    private readonly directory: DirectoryService,
    private readonly facts: CaseFactsRepository,
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
    const requestHash = requestFingerprint(this.config.PERSONAL_DATA_MASTER_KEY, caseId, body);
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

  /**
   * The live state with the situation opened for a caller the controller already let in, and the
   * names of the organisations, contacts (the agreement the crisis runs under) and people shown.
   */
  async view(state: CrisisLiveState): Promise<CrisisBoardView> {
    const { situation, ...rest } = state;
    const agreementNames = await this.directory.agreementNames(state.agreement);
    const people = await this.directory.people(
      state.tasks.flatMap((t) => (t.acknowledgedBy ? [t.acknowledgedBy.id] : [])),
    );
    const names: CrisisNames = {
      organisations: Object.fromEntries(agreementNames.organisations),
      contacts: Object.fromEntries(agreementNames.contacts),
      people: Object.fromEntries(people),
    };
    if (!situation) return { ...rest, situation: null, names };
    const opened = await this.vault.open<CrisisSituation>(situation);
    return {
      ...rest,
      names,
      situation:
        opened.status === 'erased'
          ? opened
          : { status: 'available', location: opened.value.location ?? null, note: opened.value.note ?? null },
    };
  }

  async status(caseId: string, crisisId: string): Promise<CrisisLiveState> {
    try {
      const state = await this.temporal.workflow.getHandle(crisisId).query(crisisStatus);
      if (state.caseId !== caseId) throw this.notFound(crisisId);
      return state;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw this.notFound(crisisId);
      throw err;
    }
  }

  /** The live state, or null when there is no such crisis for this case. */
  async findStatus(caseId: string, crisisId: string): Promise<CrisisLiveState | null> {
    try {
      return await this.status(caseId, crisisId);
    } catch (err) {
      if (err instanceof ApplicationError && err.code === 'crisis.not_found') return null;
      throw err;
    }
  }

  /** The organisation that triggered the crisis (null for an unknown one or one without the memo). */
  async triggeringOrganisation(crisisId: string): Promise<string | null> {
    try {
      const memo = ((await this.handle(crisisId).describe()).memo ?? {}) as { triggeredByOrganisationId?: unknown };
      return typeof memo.triggeredByOrganisationId === 'string' ? memo.triggeredByOrganisationId : null;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  async cancel(caseId: string, crisisId: string, reason: string, user: Principal): Promise<CrisisStepResult> {
    await this.openCrisis(caseId, crisisId, 'cancelled');
    // Sealed before it leaves this process: Temporal, the log and Kafka carry ciphertext only.
    const sealed = await sealFreeText(this.vault, await this.facts.get(caseId), reason);
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(cancelCrisis, {
        args: [{ reason: sealed, cancelledBy: actorOf(user), cancelledAt: this.clock().toISOString() }],
      }),
    );
  }

  /** `method`: how the ASD reached a guardian (phone call, in person); absent for one's own task. */
  async acknowledge(
    caseId: string,
    crisisId: string,
    taskId: string,
    user: Principal,
    method?: 'phone_call' | 'in_person',
  ): Promise<AcknowledgeTaskResult> {
    await this.openCrisis(caseId, crisisId, 'acknowledged');
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(acknowledgeTask, {
        args: [{ taskId, by: actorOf(user), at: this.clock().toISOString(), ...(method ? { method } : {}) }],
      }),
    );
  }

  async decline(
    caseId: string,
    crisisId: string,
    taskId: string,
    reason: string,
    user: Principal,
  ): Promise<DeclineTaskResult> {
    await this.openCrisis(caseId, crisisId, 'declined');
    const sealed = await sealFreeText(this.vault, await this.facts.get(caseId), reason);
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(declineTask, {
        args: [{ taskId, reason: sealed, by: actorOf(user), at: this.clock().toISOString() }],
      }),
    );
  }

  async reportAmbulanceDispatch(
    caseId: string,
    crisisId: string,
    body: ReportAmbulanceDispatchRequest,
    user: Principal,
  ): Promise<CrisisStepResult> {
    await this.openCrisis(caseId, crisisId, 'reported');
    const now = this.clock();
    const expectedArrivalAt =
      body.etaMinutes === undefined ? undefined : new Date(now.getTime() + body.etaMinutes * 60_000).toISOString();
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(reportAmbulanceDispatch, {
        args: [
          {
            dispatchReference: body.dispatchReference,
            expectedArrivalAt,
            by: actorOf(user),
            at: now.toISOString(),
          },
        ],
      }),
    );
  }

  async decideAdmission(
    caseId: string,
    crisisId: string,
    body: DecideAdmissionRequest,
    user: Principal,
  ): Promise<CrisisStepResult> {
    await this.openCrisis(caseId, crisisId, 'decided on');
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(decideAdmission, {
        args: [{ ...body, by: actorOf(user), at: this.clock().toISOString() }],
      }),
    );
  }

  async announceDischarge(
    caseId: string,
    crisisId: string,
    plannedFor: string,
    user: Principal,
  ): Promise<CrisisStepResult> {
    await this.openCrisis(caseId, crisisId, 'discharged');
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(announceDischarge, {
        args: [{ plannedFor, by: actorOf(user), at: this.clock().toISOString() }],
      }),
    );
  }

  private handle(crisisId: string) {
    return this.temporal.workflow.getHandle(crisisId);
  }

  /**
   * The crisis belongs to the case and its workflow still runs (an ended workflow takes no Update).
   * The server's description answers that without a worker; a query would occupy one, and for a
   * closed crisis make it replay the whole history first. Whether the step fits the crisis's
   * state, the workflow's validator decides (409 `crisis.not_open`).
   */
  private async openCrisis(caseId: string, crisisId: string, what: string): Promise<void> {
    const description = await this.handle(crisisId)
      .describe()
      .catch((err: unknown) => Promise.reject(err instanceof WorkflowNotFoundError ? this.notFound(crisisId) : err));
    const attrs = description.searchAttributes as Record<string, unknown[] | undefined>;
    if (attrs.HilfenetzCaseId?.[0] !== caseId) throw this.notFound(crisisId);
    if (description.status.name !== 'RUNNING') {
      const outcome = String(attrs.HilfenetzStatus?.[0] ?? description.status.name.toLowerCase());
      throw new ApplicationError('crisis.closed', `The crisis is ${outcome}; nothing can be ${what}.`, [
        { field: 'state', reason: 'crisis.not_open' },
      ]);
    }
  }

  /** Runs an Update on a crisis `openCrisis` found running a moment ago. */
  private async update<T>(crisisId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      // It ended in between (the server answers "already completed" as not found): closed, not unknown.
      if (err instanceof WorkflowNotFoundError) {
        throw new ApplicationError('crisis.closed', `The crisis ${crisisId} has ended; nothing more can be recorded.`, [
          { field: 'state', reason: 'crisis.not_open' },
        ]);
      }
      throw problemFromWorkflowError(err, crisisId);
    }
  }

  notFound(crisisId: string): ApplicationError {
    return new ApplicationError('crisis.not_found', `No crisis ${crisisId} for this case.`, [
      { field: 'path.crisisId', reason: 'unknown crisis' },
    ]);
  }
}
