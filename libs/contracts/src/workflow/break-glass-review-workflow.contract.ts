import type { BreakGlassReviewEvent } from '../events/break-glass.events';
import type { Actor } from './crisis-workflow.contract';

/** What the review of one break-glass read starts with: ids and times only, no reason (free text). */
export interface BreakGlassReviewWorkflowInput {
  reviewId: string;
  caseId: string;
  leadOrganisationId: string;
  openedAt: string;
  dueAt: string;
  /** The agreement's supervisor contact, named in the escalation (null: no agreement contact). */
  supervisorContactId: string | null;
  correlationId: string;
}

export interface BreakGlassReviewWorkflowResult {
  outcome: 'decided';
  escalated: boolean;
}

/**
 * The one activity the review uses: the generic recording activity every workflow family shares
 * (libs/activities `recordCrisisStep`, which appends any registered event type to the case stream
 * with ids derived from the workflow and the step).
 */
export interface BreakGlassReviewActivities {
  recordCrisisStep(input: {
    caseId: string;
    crisisId: string;
    step: string;
    events: BreakGlassReviewEvent[];
    actor: Actor;
    correlationId: string;
  }): Promise<{ eventIds: string[]; duplicate: boolean }>;
}

export const breakGlassReviewWorkflowType = 'breakGlassReviewWorkflow';
export const breakGlassReviewWorkflowId = (reviewId: string) => `break-glass-review-${reviewId}`;
