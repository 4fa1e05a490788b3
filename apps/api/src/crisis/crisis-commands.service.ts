import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  ApplicationError,
  type AcknowledgeTaskResult,
  type CrisisStepResult,
  type DecideAdmissionRequest,
  type DeclineTaskResult,
  type DeviceTime,
  type ErrorCode,
  type Principal,
  type ReportAmbulanceDispatchRequest,
} from '@hilfenetz/contracts';
import type { AppConfig } from '@hilfenetz/config';
import type { EventStore, PersonalDataVault } from '@hilfenetz/event-store';
import {
  acknowledgeTask,
  announceDischarge,
  cancelCrisis,
  decideAdmission,
  declineTask,
  recordSupersededAnswer,
  reportAmbulanceDispatch,
} from '@hilfenetz/workflow-crisis/messages';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { sealFreeText } from '../cases/free-text';
import { IdempotentUpdates, type StepOutcome } from '../common/idempotent-update';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { APP_CONFIG, CLOCK, EVENT_STORE, PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { LateAnswerAfterEnd } from './late-answer-after-end';
import { actorOf } from './actor';
import { caseIdOfCrisis } from './crisis-id';
import { crisisNotFound } from './crisis-not-found';
import { problemFromWorkflowError } from './workflow-refusals';
import { deviceTime } from './device-time';

/** The refusals that can mean "the task moved on while this answer waited on a device". */
const SUPERSEDED_BY: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'task.not_open',
  'crisis.not_open',
  'crisis.closed',
  'task.wrong_organisation',
]);

/**
 * The steps of a running crisis (cancel, a task's answer, dispatch, admission, discharge), each a
 * workflow Update: free text sealed before it leaves this process, a refusal turned into a problem.
 * A step sent with an Idempotency-Key (`key`) runs once per key: a repeat gets the first answer.
 */
@Injectable()
export class CrisisCommandsService {
  private readonly idempotent: IdempotentUpdates;
  private readonly afterEnd: LateAnswerAfterEnd;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly facts: CaseFactsRepository,
    agreements: AgreementRegistryService,
  ) {
    this.idempotent = new IdempotentUpdates(temporal, config.PERSONAL_DATA_MASTER_KEY);
    this.afterEnd = new LateAnswerAfterEnd(store, agreements);
  }

  async cancel(
    caseId: string,
    crisisId: string,
    reason: string,
    user: Principal,
    key?: string,
    actedAtHeader?: string,
  ): Promise<StepOutcome<CrisisStepResult>> {
    this.openCrisis(caseId, crisisId);
    const now = this.clock();
    // Called off offline and sent later: the device time of acting, bounded (docs/adr/0026).
    const actedOnDevice = deviceTime(actedAtHeader, now);
    // Sealed before it leaves this process: Temporal, the log and Kafka carry ciphertext only.
    const sealed = await sealFreeText(this.vault, await this.facts.get(caseId), reason);
    const request = { step: 'cancel', caseId, crisisId, reason, by: user.id };
    return this.step(caseId, crisisId, 'cancelled', key, request, (updateId) =>
      this.handle(crisisId).executeUpdate(cancelCrisis, {
        args: [
          {
            reason: sealed,
            cancelledBy: actorOf(user),
            cancelledAt: now.toISOString(),
            ...(actedOnDevice ? { actedOnDevice } : {}),
          },
        ],
        ...(updateId ? { updateId } : {}),
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
    actedAtHeader?: string,
  ): Promise<AcknowledgeTaskResult> {
    this.openCrisis(caseId, crisisId);
    const now = this.clock();
    // Done offline and sent later: the device time of acting, bounded (docs/adr/0026).
    const actedOnDevice = deviceTime(actedAtHeader, now);
    return this.orSuperseded(caseId, crisisId, taskId, 'acknowledge', user, now, actedOnDevice, () =>
      this.update(caseId, crisisId, 'acknowledged', () =>
        this.handle(crisisId).executeUpdate(acknowledgeTask, {
          args: [
            {
              taskId,
              by: actorOf(user),
              at: now.toISOString(),
              ...(method ? { method } : {}),
              ...(actedOnDevice ? { actedOnDevice } : {}),
            },
          ],
        }),
      ),
    );
  }

  /**
   * An answer done offline (it carries a device time) that the task refuses because it moved on
   * meanwhile is recorded in the crisis's log as superseded (docs/adr/0034), then refused as
   * before: the device shows the conflict, the log keeps who tried what. The workflow decides
   * whether it really is a late answer of a person the task reached; if not, nothing is recorded.
   * A crisis whose workflow has ended takes no Update: the same rule is then decided against its
   * log (late-answer-after-end.ts).
   */
  private async orSuperseded<T>(
    caseId: string,
    crisisId: string,
    taskId: string,
    answer: 'acknowledge' | 'decline',
    user: Principal,
    now: Date,
    actedOnDevice: DeviceTime | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (actedOnDevice && err instanceof ApplicationError && SUPERSEDED_BY.has(err.code)) {
        const late = { taskId, answer, by: actorOf(user), at: now.toISOString(), actedOnDevice };
        await this.handle(crisisId)
          .executeUpdate(recordSupersededAnswer, { args: [late] })
          .catch(async (refused: unknown) => {
            // Refused by the domain rule: not a late answer of a person the task reached.
            if (refused instanceof WorkflowUpdateFailedError) return;
            if (!(refused instanceof WorkflowNotFoundError)) throw refused;
            // The workflow has ended: decided against the log instead (late-answer-after-end.ts).
            const { by, at, ...rest } = late;
            await this.afterEnd.record(caseId, crisisId, {
              type: 'RecordSupersededAnswer',
              ...rest,
              actor: by,
              now: at,
            });
          });
      }
      throw err;
    }
  }

  async decline(
    caseId: string,
    crisisId: string,
    taskId: string,
    reason: string,
    user: Principal,
    actedAtHeader?: string,
    key?: string,
    reasonCategory?: string,
  ): Promise<StepOutcome<DeclineTaskResult>> {
    this.openCrisis(caseId, crisisId);
    const now = this.clock();
    // Done offline and sent later: the device time of acting, bounded (docs/adr/0026).
    const actedOnDevice = deviceTime(actedAtHeader, now);
    const sealed = await sealFreeText(this.vault, await this.facts.get(caseId), reason);
    const request = {
      step: 'decline',
      caseId,
      crisisId,
      taskId,
      reason,
      ...(reasonCategory !== undefined ? { reasonCategory } : {}),
      by: user.id,
    };
    return this.orSuperseded(caseId, crisisId, taskId, 'decline', user, now, actedOnDevice, () =>
      this.step(caseId, crisisId, 'declined', key, request, (updateId) =>
        this.handle(crisisId).executeUpdate(declineTask, {
          ...(updateId ? { updateId } : {}),
          args: [
            {
              taskId,
              reason: sealed,
              ...(reasonCategory !== undefined ? { reasonCategory } : {}),
              by: actorOf(user),
              at: now.toISOString(),
              ...(actedOnDevice ? { actedOnDevice } : {}),
            },
          ],
        }),
      ),
    );
  }

  async reportAmbulanceDispatch(
    caseId: string,
    crisisId: string,
    body: ReportAmbulanceDispatchRequest,
    user: Principal,
    key?: string,
    actedAtHeader?: string,
  ): Promise<StepOutcome<CrisisStepResult>> {
    this.openCrisis(caseId, crisisId);
    const now = this.clock();
    // Reported offline and sent later: the device time of reporting, bounded (docs/adr/0026).
    const actedOnDevice = deviceTime(actedAtHeader, now);
    // Minutes count from the arrival of the report; a time of arrival (sent from the offline queue
    // too) stays what the Leitstelle said, whenever the report arrives.
    const expectedArrivalAt =
      body.expectedArrivalAt !== undefined
        ? new Date(body.expectedArrivalAt).toISOString()
        : body.etaMinutes === undefined
          ? undefined
          : new Date(now.getTime() + body.etaMinutes * 60_000).toISOString();
    const request = { step: 'dispatch', caseId, crisisId, ...body, by: user.id };
    return this.step(caseId, crisisId, 'reported', key, request, (updateId) =>
      this.handle(crisisId).executeUpdate(reportAmbulanceDispatch, {
        ...(updateId ? { updateId } : {}),
        args: [
          {
            dispatchReference: body.dispatchReference,
            expectedArrivalAt,
            by: actorOf(user),
            at: now.toISOString(),
            ...(actedOnDevice ? { actedOnDevice } : {}),
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
    actedAtHeader?: string,
    key?: string,
  ): Promise<StepOutcome<CrisisStepResult>> {
    this.openCrisis(caseId, crisisId);
    const now = this.clock();
    // Decided offline and sent later: the device time of deciding, bounded (docs/adr/0026).
    const actedOnDevice = deviceTime(actedAtHeader, now);
    const request = { step: 'admission', caseId, crisisId, ...body, by: user.id };
    return this.step(caseId, crisisId, 'decided on', key, request, (updateId) =>
      this.handle(crisisId).executeUpdate(decideAdmission, {
        ...(updateId ? { updateId } : {}),
        args: [{ ...body, by: actorOf(user), at: now.toISOString(), ...(actedOnDevice ? { actedOnDevice } : {}) }],
      }),
    );
  }

  async announceDischarge(
    caseId: string,
    crisisId: string,
    plannedFor: string,
    user: Principal,
    key?: string,
  ): Promise<StepOutcome<CrisisStepResult>> {
    this.openCrisis(caseId, crisisId);
    const request = { step: 'discharge', caseId, crisisId, plannedFor, by: user.id };
    return this.step(caseId, crisisId, 'discharged', key, request, (updateId) =>
      this.handle(crisisId).executeUpdate(announceDischarge, {
        args: [{ plannedFor, by: actorOf(user), at: this.clock().toISOString() }],
        ...(updateId ? { updateId } : {}),
      }),
    );
  }

  private handle(crisisId: string) {
    return this.temporal.workflow.getHandle(crisisId);
  }

  /**
   * The crisis belongs to the case in the path: its id names the case (crisis-id.ts), so this needs
   * no call into Temporal. Whether it still runs, the Update finds out (an ended workflow takes
   * none); whether the step fits its state, the workflow's validator decides (409 `crisis.not_open`).
   */
  private openCrisis(caseId: string, crisisId: string): void {
    if (caseIdOfCrisis(crisisId) !== caseId) throw crisisNotFound(crisisId);
  }

  /**
   * A step sent with or without an Idempotency-Key. The request it fingerprints holds the path's
   * ids, the body in clear (the fingerprint is keyed, see idempotency-key.ts) and who sent it: the
   * same key from another person is another request. X-Acted-At is left out: a queued action sends
   * it only from the second attempt on.
   */
  private step<T>(
    caseId: string,
    crisisId: string,
    what: string,
    key: string | undefined,
    request: Record<string, unknown>,
    execute: (updateId: string | undefined) => Promise<T>,
  ): Promise<StepOutcome<T>> {
    return this.update(caseId, crisisId, what, () =>
      this.idempotent.run(crisisId, key === undefined ? undefined : { key, request }, execute),
    );
  }

  /** Runs an Update; when the workflow takes none, says whether the crisis is unknown or ended. */
  private async update<T>(caseId: string, crisisId: string, what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      // The server answers an Update to an ended workflow as "not found" too: the description tells.
      if (err instanceof WorkflowNotFoundError) throw await this.notOpen(caseId, crisisId, what);
      throw problemFromWorkflowError(err, crisisId);
    }
  }

  /**
   * Why a crisis took no Update, from the server's description (no worker needed): unknown (404,
   * as for a crisis of another case), or ended, with its outcome (409).
   */
  private async notOpen(caseId: string, crisisId: string, what: string): Promise<Error> {
    const description = await this.handle(crisisId)
      .describe()
      .catch((err: unknown) => (err instanceof WorkflowNotFoundError ? null : Promise.reject(err)));
    if (description === null) return crisisNotFound(crisisId);
    const attrs = description.searchAttributes as Record<string, unknown[] | undefined>;
    if (attrs.HilfenetzCaseId?.[0] !== caseId) return crisisNotFound(crisisId);
    const outcome = String(attrs.HilfenetzStatus?.[0] ?? description.status.name.toLowerCase());
    return new ApplicationError('crisis.closed', `The crisis is ${outcome}; nothing can be ${what}.`, [
      { field: 'state', reason: 'crisis.not_open' },
    ]);
  }
}
