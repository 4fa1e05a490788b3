import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CancelCrisisSignalArgs, CrisisStatus } from '@hilfenetz/contracts';

/** Message definitions are shared by the workflow and its clients (the API). */
export const cancelCrisis = defineSignal<[CancelCrisisSignalArgs]>('cancelCrisis');
export const crisisStatus = defineQuery<CrisisStatus>('crisisStatus');
