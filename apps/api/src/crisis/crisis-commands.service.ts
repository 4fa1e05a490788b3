import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  ApplicationError,
  type AcknowledgeTaskResult,
  type CrisisStepResult,
  type DecideAdmissionRequest,
  type DeclineTaskResult,
  type Principal,
  type ReportAmbulanceDispatchRequest,
} from '@hilfenetz/contracts';
import type { PersonalDataVault } from '@hilfenetz/event-store';
import {
  acknowledgeTask,
  announceDischarge,
  cancelCrisis,
  decideAdmission,
  declineTask,
  reportAmbulanceDispatch,
} from '@hilfenetz/workflow-crisis/messages';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { sealFreeText } from '../cases/free-text';
import { CLOCK, PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { actorOf } from './actor';
import { crisisNotFound } from './crisis-not-found';
import { problemFromWorkflowError } from './workflow-refusals';

/**
 * The steps of a running crisis (cancel, a task's answer, dispatch, admission, discharge), each a
 * workflow Update: free text sealed before it leaves this process, a refusal turned into a problem.
 */
@Injectable()
export class CrisisCommandsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly facts: CaseFactsRepository,
  ) {}

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
      .catch((err: unknown) => Promise.reject(err instanceof WorkflowNotFoundError ? crisisNotFound(crisisId) : err));
    const attrs = description.searchAttributes as Record<string, unknown[] | undefined>;
    if (attrs.HilfenetzCaseId?.[0] !== caseId) throw crisisNotFound(crisisId);
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
}
