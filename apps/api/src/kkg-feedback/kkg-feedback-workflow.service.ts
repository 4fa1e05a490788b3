import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationFailure,
  Client,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  isRiskAssessmentRefusalCode,
  kkgFeedbackWorkflowType,
  type GiveKkgFeedbackArgs,
  type KkgFeedbackLiveState,
  type KkgFeedbackWorkflowInput,
} from '@hilfenetz/contracts';
import { giveKkgFeedback, kkgReportReceived } from '@hilfenetz/workflow-kkg-feedback/messages';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/** The calls into one §4 KKG report's workflow; refusals leave with their stable code. */
@Injectable()
export class KkgFeedbackWorkflow {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(input: KkgFeedbackWorkflowInput): Promise<KkgFeedbackLiveState> {
    const startWorkflowOperation = new WithStartWorkflowOperation(kkgFeedbackWorkflowType, {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId: input.reportId,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      searchAttributes: { HilfenetzCaseId: [input.caseId], HilfenetzStatus: ['kkg_feedback'] },
    });
    return this.temporal.workflow.executeUpdateWithStart(kkgReportReceived, { startWorkflowOperation });
  }

  async give(reportId: string, args: GiveKkgFeedbackArgs): Promise<KkgFeedbackLiveState> {
    try {
      return await this.temporal.workflow.getHandle(reportId).executeUpdate(giveKkgFeedback, { args: [args] });
    } catch (err) {
      // The workflow ends with the feedback: an ended one was answered already.
      if (err instanceof WorkflowNotFoundError) {
        throw new ApplicationError('kkg_feedback.given', 'The feedback on this report was given already.', [
          { field: 'path.reportId', reason: 'kkg_feedback.given' },
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
