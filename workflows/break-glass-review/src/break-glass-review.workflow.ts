import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type {
  BreakGlassReviewActivities,
  BreakGlassReviewWorkflowInput,
  BreakGlassReviewWorkflowResult,
} from '@hilfenetz/contracts';
import { reviewDecided, reviewStatus, type BreakGlassReviewStatus } from './messages';

const { recordCrisisStep } = proxyActivities<BreakGlassReviewActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * One break-glass read under review (issue 13, finding 3; docs/adr/0019). The lead office's
 * supervisor has until `dueAt`; undecided then, the review escalates like any task: recorded as
 * BreakGlassReviewEscalated, and the office's data protection officer is told (an unreviewed
 * look into another office's case is theirs to follow up). The review stays open for the
 * supervisor's decision, which the API records and signals; the workflow then ends.
 */
export async function breakGlassReviewWorkflow(
  input: BreakGlassReviewWorkflowInput,
): Promise<BreakGlassReviewWorkflowResult> {
  let state: BreakGlassReviewStatus['status'] = 'open';
  setHandler(reviewDecided, () => {
    state = 'decided';
  });
  setHandler(reviewStatus, () => ({ status: state, dueAt: input.dueAt }));

  // Workflow time is deterministic: Date.now() is the time of the current workflow task.
  const untilDue = Math.max(Date.parse(input.dueAt) - Date.now(), 1);
  const decidedInTime = await condition(() => state === 'decided', untilDue);
  if (decidedInTime) return { outcome: 'decided', escalated: false };

  const escalatedAt = new Date(Date.now()).toISOString();
  const ref = { caseId: input.caseId, accessId: input.reviewId, leadOrganisationId: input.leadOrganisationId };
  await recordCrisisStep({
    caseId: input.caseId,
    crisisId: workflowInfo().workflowId,
    step: 'review-overdue',
    events: [
      {
        type: 'BreakGlassReviewEscalated',
        data: { ...ref, dueAt: input.dueAt, escalatedAt, supervisorContactId: input.supervisorContactId },
      },
      { type: 'DataProtectionOfficerNotified', data: { ...ref, cause: 'review_overdue', notifiedAt: escalatedAt } },
    ],
    actor: { id: 'system', role: 'system', organisationId: input.leadOrganisationId },
    correlationId: input.correlationId,
  });
  // A signal that came while the escalation was being written counts, too.
  if ((state as BreakGlassReviewStatus['status']) !== 'decided') state = 'escalated';
  await condition(() => state === 'decided');
  return { outcome: 'decided', escalated: true };
}
