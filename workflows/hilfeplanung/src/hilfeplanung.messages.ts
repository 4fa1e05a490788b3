import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AnswerInvitationArgs,
  EndHelpArgs,
  HilfeplanungLiveState,
  RecordPlanArgs,
  RequestReviewArgs,
  ScheduleMeetingArgs,
  SubmitStatementArgs,
} from '@hilfenetz/contracts';

/** Shared by the workflow and its clients (the API). Updates return once the step is durable. */
export const scheduleMeeting = defineUpdate<HilfeplanungLiveState, [ScheduleMeetingArgs]>('scheduleMeeting');
export const answerInvitation = defineUpdate<HilfeplanungLiveState, [AnswerInvitationArgs]>('answerInvitation');
export const submitStatement = defineUpdate<HilfeplanungLiveState, [SubmitStatementArgs]>('submitStatement');
export const recordPlan = defineUpdate<HilfeplanungLiveState, [RecordPlanArgs]>('recordPlan');
export const endHelp = defineUpdate<HilfeplanungLiveState, [EndHelpArgs]>('endHelp');
/** Any participant may ask for an earlier Fortschreibung; a signal, as the asker need not wait. */
export const requestReview = defineSignal<[RequestReviewArgs]>('requestReview');
export const hilfeplanungStatus = defineQuery<HilfeplanungLiveState>('hilfeplanungStatus');
