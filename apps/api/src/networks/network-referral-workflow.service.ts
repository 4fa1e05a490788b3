import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  networkReferralWorkflowId,
  networkReferralWorkflowType,
  type NetworkReferralWorkflowInput,
} from '@hilfenetz/contracts';
import { referralClosed } from '@hilfenetz/workflow-network/messages';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/** Starts a referral's deadline workflow and tells it when the referral is closed. */
@Injectable()
export class NetworkReferralWorkflow {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(input: NetworkReferralWorkflowInput): Promise<void> {
    try {
      await this.temporal.workflow.start(networkReferralWorkflowType, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: networkReferralWorkflowId(input.referralId),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      // The id is the referral's: a clash is the same start reaching Temporal twice.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** A hint only: the workflow's steps read the stream before they append. An ended one needs none. */
  async closed(referralId: string): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(networkReferralWorkflowId(referralId)).signal(referralClosed);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
}
