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
export const crisisStatus = defineQuery<CrisisLiveState>('crisisStatus');
export const deliveryReceipt = defineSignal<[DeliveryReceiptArgs]>('deliveryReceipt');
