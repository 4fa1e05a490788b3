import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcknowledgeTaskArgs,
  AcknowledgeTaskResult,
  AnnounceDischargeArgs,
  CancelCrisisArgs,
  CrisisLiveState,
  CrisisStepResult,
  DecideAdmissionArgs,
  DeclineTaskArgs,
  DeclineTaskResult,
  DeliveryReceiptArgs,
  JoinTriggerArgs,
  RecordSupersededAnswerArgs,
  ReportAmbulanceDispatchArgs,
} from '@hilfenetz/contracts';

/**
 * Message definitions are shared by the workflow and its clients (the API). People's actions are
 * Updates: validated against the live state before they enter history, and answered only once
 * the resulting events are durably in the event store.
 */
export const acknowledgeTask = defineUpdate<AcknowledgeTaskResult, [AcknowledgeTaskArgs]>('acknowledgeTask');
export const declineTask = defineUpdate<DeclineTaskResult, [DeclineTaskArgs]>('declineTask');
export const reportAmbulanceDispatch = defineUpdate<CrisisStepResult, [ReportAmbulanceDispatchArgs]>(
  'reportAmbulanceDispatch',
);
export const decideAdmission = defineUpdate<CrisisStepResult, [DecideAdmissionArgs]>('decideAdmission');
export const announceDischarge = defineUpdate<CrisisStepResult, [AnnounceDischargeArgs]>('announceDischarge');
export const cancelCrisis = defineUpdate<CrisisStepResult, [CancelCrisisArgs]>('cancelCrisis');
/** Another trigger for the case while this crisis runs (docs/adr/0034): recorded, answered with this crisis. */
export const joinTrigger = defineUpdate<CrisisStepResult, [JoinTriggerArgs]>('joinTrigger');
/** A late answer the task refused, recorded as superseded (docs/adr/0034); false when already recorded. */
export const recordSupersededAnswer = defineUpdate<{ recorded: boolean }, [RecordSupersededAnswerArgs]>(
  'recordSupersededAnswer',
);
export const crisisStatus = defineQuery<CrisisLiveState>('crisisStatus');
export const deliveryReceipt = defineSignal<[DeliveryReceiptArgs]>('deliveryReceipt');
