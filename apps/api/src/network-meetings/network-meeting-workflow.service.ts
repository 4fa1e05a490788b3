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
  isErrorCode,
  networkMeetingWorkflowType,
  type NetworkMeetingCommandArgs,
  type NetworkMeetingLiveState,
  type NetworkMeetingWorkflowInput,
} from '@hilfenetz/contracts';
import { networkMeetingCommand, networkMeetingScheduled } from '@hilfenetz/workflow-network/messages';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../infrastructure/tokens';

export const meetingWorkflowId = (meetingId: string) => `network-meeting-${meetingId}`;

/** Which request field a refusal of the meeting's workflow is about. */
const FIELD_OF: Record<string, string> = {
  'network_meeting.topics_closed': 'path.meetingId',
  'network_meeting.topic_not_found': 'path.topicId',
  'network_meeting.already_voted': 'path.topicId',
  'network_meeting.not_held_yet': 'path.meetingId',
  'network_meeting.no_minutes': 'path.meetingId',
  'network_meeting.minutes_closed': 'path.meetingId',
  'network_meeting.not_minute_taker': 'path.meetingId',
};

/** The calls into one meeting's workflow; its refusals leave with their stable code (nothing stored). */
@Injectable()
export class NetworkMeetingWorkflow {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(input: NetworkMeetingWorkflowInput): Promise<NetworkMeetingLiveState> {
    const startWorkflowOperation = new WithStartWorkflowOperation(networkMeetingWorkflowType, {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId: meetingWorkflowId(input.meetingId),
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return this.temporal.workflow.executeUpdateWithStart(networkMeetingScheduled, { startWorkflowOperation });
  }

  async command(meetingId: string, args: NetworkMeetingCommandArgs): Promise<NetworkMeetingLiveState> {
    try {
      return await this.temporal.workflow
        .getHandle(meetingWorkflowId(meetingId))
        .executeUpdate(networkMeetingCommand, { args: [args] });
    } catch (err) {
      // The workflow ends once the minutes went out: nothing of the meeting changes after that.
      if (err instanceof WorkflowNotFoundError) {
        throw new ApplicationError('network_meeting.minutes_closed', 'The minutes of this meeting went out already.', [
          { field: 'path.meetingId', reason: 'the meeting is closed' },
        ]);
      }
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) {
        throw new ApplicationError(cause.type, cause.message, [
          { field: FIELD_OF[cause.type] ?? 'body', reason: cause.message },
        ]);
      }
      throw err;
    }
  }
}
