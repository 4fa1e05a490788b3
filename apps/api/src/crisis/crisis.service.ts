import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  crisisWorkflowType,
  type AcknowledgeTaskResult,
  type Actor,
  type CrisisLiveState,
  type CrisisStepResult,
  type CrisisWorkflowInput,
  type DecideAdmissionRequest,
  type DeclineTaskResult,
  type Principal,
  type ReportAmbulanceDispatchRequest,
  type TriggerCrisisRequest,
  type TriggerCrisisResponse,
} from '@hilfenetz/contracts';
import { agreementInForceFor, DomainRuleViolation, refOf } from '@hilfenetz/domain';
import {
  acknowledgeTask,
  announceDischarge,
  cancelCrisis,
  crisisStatus,
  decideAdmission,
  declineTask,
  reportAmbulanceDispatch,
} from '@hilfenetz/workflow-crisis/src/messages';
import { createHash } from 'node:crypto';
import { ProblemException } from '../common/problem-details.filter';
import { APP_CONFIG, CLOCK, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { problemFromWorkflowError } from './workflow-refusals';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The crisis id is the workflow id: derived from the case and the Idempotency-Key, so a retry finds it. */
export function crisisIdFor(caseId: string, idempotencyKey: string): string {
  return `crisis-${caseId}-${sha256(idempotencyKey).slice(0, 20)}`;
}

/** The person as the workflow sees them: pseudonymous id, the role they act in, their organisation. */
export function actorOf(user: Principal): Actor {
  return { id: user.id, role: user.roles[0] ?? 'unknown', organisationId: user.organisationId };
}

/** The agreement a crisis triggered now by this organisation runs under; 422 when there is none. */
function agreementInForce(organisationId: string, at: string) {
  try {
    return agreementInForceFor(organisationId, at);
  } catch (err) {
    if (!(err instanceof DomainRuleViolation)) throw err;
    throw new ProblemException(422, 'No cooperation agreement', err.message);
  }
}

/** A crisis that has ended takes no more actions. */
const CLOSED = new Set<CrisisLiveState['status']>(['cancelled', 'not_admitted', 'discharged']);

@Injectable()
export class CrisisService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async trigger(
    caseId: string,
    body: TriggerCrisisRequest,
    idempotencyKey: string,
    user: Principal,
    correlationId: string,
  ): Promise<TriggerCrisisResponse> {
    const crisisId = crisisIdFor(caseId, idempotencyKey);
    const requestHash = sha256(JSON.stringify({ caseId, ...body }));
    const requestedAt = this.clock().toISOString();
    const agreement = agreementInForce(user.organisationId, requestedAt);
    const input: CrisisWorkflowInput = {
      crisisId,
      caseId,
      dangerKind: body.dangerKind,
      urgency: body.urgency,
      triggeredBy: actorOf(user),
      requestedAt,
      correlationId,
      agreement: refOf(agreement),
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
        throw new ProblemException(
          422,
          'Idempotency-Key reused',
          'This Idempotency-Key was already used for a different request.',
          [{ field: 'header.idempotency-key', reason: 'already used with a different body' }],
        );
      }
      return { crisisId, caseId, alreadyTriggered: true };
    }
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
      if (err instanceof ProblemException && err.getStatus() === 404) return null;
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
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(cancelCrisis, {
        args: [{ reason, cancelledBy: actorOf(user), cancelledAt: this.clock().toISOString() }],
      }),
    );
  }

  async acknowledge(caseId: string, crisisId: string, taskId: string, user: Principal): Promise<AcknowledgeTaskResult> {
    await this.openCrisis(caseId, crisisId, 'acknowledged');
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(acknowledgeTask, {
        args: [{ taskId, by: actorOf(user), at: this.clock().toISOString() }],
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
    return this.update(crisisId, () =>
      this.handle(crisisId).executeUpdate(declineTask, {
        args: [{ taskId, reason, by: actorOf(user), at: this.clock().toISOString() }],
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

  /** The crisis belongs to the case and still runs; an ended workflow cannot take an Update. */
  private async openCrisis(caseId: string, crisisId: string, what: string): Promise<void> {
    const current = await this.status(caseId, crisisId);
    if (CLOSED.has(current.status)) {
      throw new ProblemException(409, 'Crisis not open', `The crisis is ${current.status}; nothing can be ${what}.`, [
        { field: 'state', reason: 'crisis.not_open' },
      ]);
    }
  }

  private async update<T>(crisisId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw problemFromWorkflowError(err, crisisId);
    }
  }

  notFound(crisisId: string): ProblemException {
    return new ProblemException(404, 'Crisis not found', `No crisis ${crisisId} for this case.`, [
      { field: 'path.crisisId', reason: 'unknown crisis' },
    ]);
  }
}
