import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  breakGlassReviewWorkflowId,
  breakGlassReviewWorkflowType,
  type BreakGlassReviewWorkflowInput,
} from '@hilfenetz/contracts';
import type { AppConfig } from '@hilfenetz/config';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/** Starts a break-glass grant's review deadline in Temporal (workflows/break-glass-review). */
@Injectable()
export class BreakGlassReviewStarter {
  private readonly logger = new Logger('CaseAccess');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts the review's deadline (workflows/break-glass-review). The grant is committed already: if
   * Temporal is away the read still goes through (the review is listed; its row says the workflow
   * has not started) and the reader's next covered read tries again.
   */
  async start(input: BreakGlassReviewWorkflowInput): Promise<void> {
    try {
      await this.temporal.workflow.start(breakGlassReviewWorkflowType, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: breakGlassReviewWorkflowId(input.reviewId),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        this.logger.warn(
          `break-glass review ${input.reviewId}: workflow not started (${String(err)}); retried on the next read`,
        );
        return;
      }
    }
    await this.ds.query(`UPDATE break_glass_reviews SET workflow_started = true WHERE review_id = $1`, [
      input.reviewId,
    ]);
  }
}
