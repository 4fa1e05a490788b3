// Entry point for clients (the API, tests): message definitions without the workflow code.
import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The API recorded the supervisor's decision (row and event in one transaction, docs/adr/0019):
 * the review ends. A signal, not an update: the decision is already durable when it is sent, and a
 * review whose workflow is gone must still be decidable.
 */
export const reviewDecided = defineSignal<[{ verdict: 'justified' | 'unjustified' }]>('reviewDecided');

export interface BreakGlassReviewStatus {
  status: 'open' | 'escalated' | 'decided';
  dueAt: string;
}
export const reviewStatus = defineQuery<BreakGlassReviewStatus>('reviewStatus');
