import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  crisisWorkflowType,
  type CrisisStatus,
  type CrisisWorkflowInput,
  type Principal,
  type TriggerCrisisRequest,
  type TriggerCrisisResponse,
} from '@hilfenetz/contracts';
import { cancelCrisis, crisisStatus } from '@hilfenetz/workflow-crisis/src/messages';
import { createHash } from 'node:crypto';
import { ProblemException } from '../common/problem-details.filter';
import { APP_CONFIG, CLOCK, TEMPORAL_CLIENT } from '../infrastructure/tokens';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The crisis id is the workflow id: derived from the case and the Idempotency-Key, so a retry finds it. */
export function crisisIdFor(caseId: string, idempotencyKey: string): string {
  return `crisis-${caseId}-${sha256(idempotencyKey).slice(0, 20)}`;
}

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
    const input: CrisisWorkflowInput = {
      crisisId,
      caseId,
      dangerKind: body.dangerKind,
      urgency: body.urgency,
      triggeredBy: { id: user.id, role: user.roles[0] ?? 'unknown', organisationId: user.organisationId },
      requestedAt: this.clock().toISOString(),
      correlationId,
    };
    try {
      await this.temporal.workflow.start(crisisWorkflowType, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: crisisId,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { requestHash },
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

  async status(caseId: string, crisisId: string): Promise<CrisisStatus> {
    try {
      const state = await this.temporal.workflow.getHandle(crisisId).query(crisisStatus);
      if (state.caseId !== caseId) throw this.notFound(crisisId);
      return state;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw this.notFound(crisisId);
      throw err;
    }
  }

  async cancel(caseId: string, crisisId: string, reason: string, user: Principal): Promise<void> {
    const current = await this.status(caseId, crisisId);
    if (current.status !== 'open') {
      throw new ProblemException(409, 'Crisis not open', `The crisis is ${current.status} and cannot be cancelled.`);
    }
    await this.temporal.workflow.getHandle(crisisId).signal(cancelCrisis, {
      reason,
      cancelledBy: { id: user.id, role: user.roles[0] ?? 'unknown', organisationId: user.organisationId },
      cancelledAt: this.clock().toISOString(),
    });
  }

  private notFound(crisisId: string): ProblemException {
    return new ProblemException(404, 'Crisis not found', `No crisis ${crisisId} for this case.`, [
      { field: 'path.crisisId', reason: 'unknown crisis' },
    ]);
  }
}
