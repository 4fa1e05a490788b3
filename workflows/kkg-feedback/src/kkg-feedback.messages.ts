import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { GiveKkgFeedbackArgs, KkgFeedbackLiveState } from '@hilfenetz/contracts';

/** Shared by the workflow and its clients (the API). */
export const giveKkgFeedback = defineUpdate<KkgFeedbackLiveState, [GiveKkgFeedbackArgs]>('giveKkgFeedback');
export const kkgFeedbackStatus = defineQuery<KkgFeedbackLiveState>('kkgFeedbackStatus');
/** Answers once the report is recorded: the API's update-with-start waits for it. */
export const kkgReportReceived = defineUpdate<KkgFeedbackLiveState, []>('kkgReportReceived');
