import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationFailure,
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  isRiskAssessmentRefusalCode,
  riskAssessmentWorkflowType,
  type RiskAssessmentLiveState,
  type RiskAssessmentWorkflowInput,
} from '@hilfenetz/contracts';
import { assessmentStarted } from '@hilfenetz/workflow-risk-assessment/messages';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/**
 * The calls into one risk assessment's workflow: start it, run an Update on it. A refusal of the
 * workflow leaves as an application error with its stable code (`risk_assessment.*`).
 */
@Injectable()
export class RiskAssessmentWorkflow {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  handle = (assessmentId: string) => this.temporal.workflow.getHandle(assessmentId);

  /** Update-with-start: answers once the start is recorded, so a read right after finds it. */
  async start(input: RiskAssessmentWorkflowInput): Promise<RiskAssessmentLiveState> {
    const startWorkflowOperation = new WithStartWorkflowOperation(riskAssessmentWorkflowType, {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId: input.assessmentId,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      searchAttributes: { HilfenetzCaseId: [input.caseId], HilfenetzStatus: ['risk_assessment'] },
    });
    try {
      return await this.temporal.workflow.executeUpdateWithStart(assessmentStarted, { startWorkflowOperation });
    } catch (err) {
      // The id is random: a clash is a retry of the same start reaching Temporal twice.
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new ApplicationError('risk_assessment.already_recorded', 'This risk assessment has started already.');
      }
      throw err;
    }
  }

  /** Runs an Update; a domain refusal comes back as a problem with its stable code. */
  async update(assessmentId: string, run: () => Promise<RiskAssessmentLiveState>): Promise<RiskAssessmentLiveState> {
    try {
      return await run();
    } catch (err) {
      // An ended workflow takes no Update: the assessment was closed by its review.
      if (err instanceof WorkflowNotFoundError) {
        throw new ApplicationError('risk_assessment.closed', `The risk assessment ${assessmentId} is closed.`, [
          { field: 'path.assessmentId', reason: 'closed' },
        ]);
      }
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && isRiskAssessmentRefusalCode(cause.type)) {
        throw new ApplicationError(cause.type, cause.message, [{ field: 'body', reason: cause.type }]);
      }
      throw err;
    }
  }
}
