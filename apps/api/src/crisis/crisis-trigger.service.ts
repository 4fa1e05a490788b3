import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  crisisWorkflowType,
  type CooperationAgreement,
  type CrisisSituation,
  type CrisisWorkflowInput,
  type DeviceTime,
  type Principal,
  type SealedValue,
  type TriggerCrisisRequest,
  type TriggerCrisisResponse,
} from '@hilfenetz/contracts';
import { agreementForCase, DomainRuleViolation, refOf, type CaseFacts } from '@hilfenetz/domain';
import { DataSubjectErased, type PersonalDataVault } from '@hilfenetz/event-store';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { joinTrigger } from '@hilfenetz/workflow-crisis/messages';
import { requestFingerprint } from '../common/idempotency-key';
import { IdempotentUpdates } from '../common/idempotent-update';
import type { EventStore } from '@hilfenetz/event-store';
import {
  APP_CONFIG,
  CLOCK,
  DATA_SOURCE,
  EVENT_STORE,
  PERSONAL_DATA_VAULT,
  TEMPORAL_CLIENT,
} from '../infrastructure/tokens';
import { actorOf } from './actor';
import { LateJoinAfterEnd, type LateTrigger } from './late-join-after-end';
import { crisisIdFor } from './crisis-id';
import { deviceTime } from './device-time';
import { problemFromWorkflowError } from './workflow-refusals';

/**
 * Starting a crisis: the agreement it runs under, the situation sealed under the young person's
 * key, and the workflow started once per Idempotency-Key (a retry answers the first start). At most
 * one crisis of a case runs: a trigger while it does joins it (docs/adr/0034).
 */
@Injectable()
export class CrisisTriggerService {
  private readonly idempotent: IdempotentUpdates;
  private readonly lateJoin: LateJoinAfterEnd;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly agreements: AgreementRegistryService,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.idempotent = new IdempotentUpdates(temporal, config.PERSONAL_DATA_MASTER_KEY);
    this.lateJoin = new LateJoinAfterEnd(store);
  }

  /**
   * Starts the crisis for the case whose facts the controller read (and authorised) just before,
   * or, while the case's crisis still runs, records this trigger in it (docs/adr/0034).
   * `actedAtHeader`: triggered offline, the device time of acting (bounded, docs/adr/0026).
   */
  async trigger(
    facts: CaseFacts,
    body: TriggerCrisisRequest,
    idempotencyKey: string,
    user: Principal,
    correlationId: string,
    actedAtHeader?: string,
  ): Promise<TriggerCrisisResponse> {
    const { caseId } = facts;
    const crisisId = crisisIdFor(caseId, idempotencyKey);
    const requestHash = requestFingerprint(this.config.PERSONAL_DATA_MASTER_KEY, { caseId, ...body });
    const now = this.clock();
    const requestedAt = now.toISOString();
    const actedOnDevice = deviceTime(actedAtHeader, now);
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
      ...(actedOnDevice ? { actedOnDevice } : {}),
    };
    // One trigger of a case at a time decides (two at the same instant: the second waits here and
    // then finds the first one's crisis running); the claim row names the case's last crisis.
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`crisis-trigger:${caseId}`]);
      // The claim row names the case's last crisis (read once: the join, the late join and the
      // repeat check below all ask about it).
      const [row]: { crisis_id: string }[] = await m.query(
        `SELECT crisis_id FROM crisis_case_claims WHERE case_id = $1`,
        [caseId],
      );
      const claimed = row?.crisis_id ?? null;
      const running = await this.runningCrisisOf(m, caseId, claimed);
      // A repeat of a key that started a crisis gets the first answer, whatever ran since: asked
      // only where another crisis could take it (a join); a new case's trigger asks the engine
      // nothing before its start, and a repeat of a start is refused by the start (below).
      const mayJoinAnother = (running !== null && running !== crisisId) || (claimed !== null && claimed !== crisisId);
      if (mayJoinAnother) {
        const repeat = await this.repeatOf(crisisId, caseId, requestHash);
        if (repeat) return repeat;
      }
      if (running !== null && running !== crisisId) {
        const joined = await this.join(
          running,
          caseId,
          body,
          idempotencyKey,
          user,
          requestedAt,
          situation,
          actedOnDevice,
        );
        if (joined) return joined;
        // It ended between the look and the join: as for any ended crisis, below.
      }
      // Queued offline while the case's last crisis ran, arriving after its end: joins it afterwards.
      const late = { body, idempotencyKey, user, arrivedAt: requestedAt, situation, actedOnDevice };
      const lateJoined = await this.joinEndedCrisis(caseId, crisisId, claimed, late);
      if (lateJoined) return lateJoined;
      const started = await this.start(input, requestHash, user);
      await m.query(
        `INSERT INTO crisis_case_claims (case_id, crisis_id, claimed_at) VALUES ($1, $2, $3)
         ON CONFLICT (case_id) DO UPDATE SET crisis_id = EXCLUDED.crisis_id, claimed_at = EXCLUDED.claimed_at`,
        [caseId, crisisId, requestedAt],
      );
      return started;
    });
  }

  private async start(
    input: CrisisWorkflowInput,
    requestHash: string,
    user: Principal,
  ): Promise<TriggerCrisisResponse> {
    const { crisisId, caseId } = input;
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
      return { crisisId, caseId, alreadyTriggered: false, joined: false };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // Started by the same key in between (a retry racing the first attempt).
      const repeat = await this.repeatOf(crisisId, caseId, requestHash);
      if (!repeat) throw err;
      return repeat;
    }
  }

  /**
   * The crisis this key started, if it did: the same body is a repeat (the first answer), another
   * body the key reused (422). Null when the key started none.
   */
  private async repeatOf(crisisId: string, caseId: string, requestHash: string): Promise<TriggerCrisisResponse | null> {
    const description = await this.temporal.workflow
      .getHandle(crisisId)
      .describe()
      .catch((err: unknown) => (err instanceof WorkflowNotFoundError ? null : Promise.reject(err)));
    if (description === null) return null;
    const memo = (description.memo ?? {}) as { requestHash?: string };
    if (memo.requestHash !== requestHash) {
      throw new ApplicationError(
        'request.idempotency_key_reused',
        'This Idempotency-Key was already used for a different request.',
        [{ field: 'header.idempotency-key', reason: 'already used with a different body' }],
      );
    }
    return { crisisId, caseId, alreadyTriggered: true, joined: false };
  }

  /**
   * The case's crisis that still runs, or null. The claim row names the last one started since
   * docs/adr/0034; a case without a row may still have one from before: the crisis board (read
   * model, long since projected for a crisis that old) names the case's crises not yet ended, and
   * Temporal confirms. Not a visibility listing: that was a query per trigger against the engine's
   * visibility store for every new case, and new cases are what triggers mostly meet.
   */
  private async runningCrisisOf(m: EntityManager, caseId: string, claimed: string | null): Promise<string | null> {
    if (claimed !== null) return (await this.isRunning(claimed)) ? claimed : null;
    const older: { crisis_id: string }[] = await m.query(
      `SELECT crisis_id FROM crisis_board WHERE case_id = $1 AND status IN ('open', 'admitted')
       ORDER BY started_at DESC`,
      [caseId],
    );
    for (const { crisis_id } of older) if (await this.isRunning(crisis_id)) return crisis_id;
    return null;
  }

  /**
   * The case's last crisis, ended, when this trigger was queued offline while it ran (libs/domain
   * `lateTriggerJoinsEndedCrisis`): recorded in its log, answered like a join. Null: start a new one.
   */
  private async joinEndedCrisis(
    caseId: string,
    crisisId: string,
    claimed: string | null,
    late: LateTrigger,
  ): Promise<TriggerCrisisResponse | null> {
    if (!late.actedOnDevice || late.actedOnDevice.bounded) return null;
    if (claimed === null || claimed === crisisId) return null;
    const description = await this.temporal.workflow
      .getHandle(claimed)
      .describe()
      .catch((err: unknown) => (err instanceof WorkflowNotFoundError ? null : Promise.reject(err)));
    if (!description || description.status.name === 'RUNNING') return null;
    const endedAt = description.closeTime?.toISOString() ?? null;
    if (!(await this.lateJoin.record(caseId, claimed, endedAt, late))) return null;
    return { crisisId: claimed, caseId, alreadyTriggered: false, joined: true, afterEnd: true };
  }

  private async isRunning(crisisId: string): Promise<boolean> {
    const description = await this.temporal.workflow
      .getHandle(crisisId)
      .describe()
      .catch((err: unknown) => (err instanceof WorkflowNotFoundError ? null : Promise.reject(err)));
    return description?.status.name === 'RUNNING';
  }

  /**
   * Records this trigger in the running crisis (an Update keyed by the Idempotency-Key: a repeat
   * after a lost answer gets the first). Null when that crisis took no Update: it has ended.
   */
  private async join(
    runningId: string,
    caseId: string,
    body: TriggerCrisisRequest,
    key: string,
    user: Principal,
    at: string,
    situation: SealedValue | null,
    actedOnDevice: DeviceTime | undefined,
  ): Promise<TriggerCrisisResponse | null> {
    const request = { step: 'join', caseId, ...body, by: user.id };
    try {
      const outcome = await this.idempotent.run(runningId, { key, request }, (updateId) =>
        this.temporal.workflow.getHandle(runningId).executeUpdate(joinTrigger, {
          ...(updateId ? { updateId } : {}),
          args: [
            {
              by: actorOf(user),
              at,
              dangerKind: body.dangerKind,
              urgency: body.urgency,
              ...(situation ? { situation } : {}),
              ...(actedOnDevice ? { actedOnDevice } : {}),
            },
          ],
        }),
      );
      return { crisisId: runningId, caseId, alreadyTriggered: outcome.replayed, joined: true };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      const problem = problemFromWorkflowError(err, runningId);
      if (problem instanceof ApplicationError && problem.code === 'crisis.not_open') return null;
      throw problem;
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
