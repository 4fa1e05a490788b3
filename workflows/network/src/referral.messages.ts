import { defineSignal } from '@temporalio/workflow';

/**
 * The referral was decided or its family erased (issue 17 part 6): the deadline need not be
 * watched any longer. Only a hint — each step reads the referral's stream before it appends.
 */
export const referralClosed = defineSignal<[]>('referralClosed');
