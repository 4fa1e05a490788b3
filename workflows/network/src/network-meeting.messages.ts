import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { NetworkMeetingCommandArgs, NetworkMeetingLiveState } from '@hilfenetz/contracts';

/** Shared by the meeting's workflow and its clients (the API). */
export const networkMeetingCommand = defineUpdate<NetworkMeetingLiveState, [NetworkMeetingCommandArgs]>(
  'networkMeetingCommand',
);
export const networkMeetingStatus = defineQuery<NetworkMeetingLiveState>('networkMeetingStatus');
/** Answers once the meeting is recorded: the API's update-with-start waits for it. */
export const networkMeetingScheduled = defineUpdate<NetworkMeetingLiveState, []>('networkMeetingScheduled');
