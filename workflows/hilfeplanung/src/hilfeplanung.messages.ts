import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { dischargeHandOverSignalName } from '@hilfenetz/contracts';
import type {
  AnswerInvitationArgs,
  DischargeHandOver,
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
/** Answers once the run's first cycle is recorded: the API's update-with-start waits for it. */
export const planningStarted = defineUpdate<HilfeplanungLiveState, []>('planningStarted');
/** Goes with the crisis's signal-with-start at discharge (docs/adr/0013); asks for nothing. */
export const dischargeHandedOver = defineSignal<[DischargeHandOver]>(dischargeHandOverSignalName);
