import { Context } from '@temporalio/activity';
import { createCrisisActivities, type ActivityDeps } from './crisis.activities';
import { createHilfeplanungMessageActivities } from './hilfeplanung-messages.activities';
import { createHilfeplanungStartActivities, type HilfeplanungStartDeps } from './hilfeplanung-start.activities';
import { createHilfeplanungActivities } from './hilfeplanung.activities';
import { createNotificationActivities, type NotificationDeps } from './notification.activities';
import { createRiskAssessmentActivities } from './risk-assessment.activities';
import { createKkgFeedbackActivities } from './kkg-feedback.activities';
import { createNetworkReferralActivities } from './network-referral.activities';
import { createNetworkMeetingActivities } from './network-meeting.activities';
import { createContactConfirmationActivities } from './contact-confirmation.activities';

/**
 * All activities the worker registers. Workflows import only the *type* of this, so no I/O code
 * reaches the workflow sandbox.
 */
export function createActivities(
  deps: ActivityDeps & {
    notifications: NotificationDeps;
    /** For the crisis's start of the Hilfeplanung at discharge; without it that activity fails. */
    hilfeplanungStart?: HilfeplanungStartDeps;
  },
) {
  const origin = () => {
    const execution = Context.current().info.workflowExecution;
    // Our activities only ever run on behalf of a workflow; the derived event ids depend on it.
    if (!execution) throw new Error('activity called outside a workflow');
    return { workflowId: execution.workflowId, runId: execution.runId };
  };
  return {
    ...createCrisisActivities(deps, origin),
    ...createHilfeplanungActivities(deps, origin),
    ...createHilfeplanungStartActivities(deps.hilfeplanungStart),
    ...createHilfeplanungMessageActivities(deps.notifications),
    ...createNotificationActivities(deps.notifications),
    ...createRiskAssessmentActivities(deps, origin),
    ...createKkgFeedbackActivities(deps, origin),
    ...createNetworkReferralActivities(deps, origin),
    ...createNetworkMeetingActivities(deps, origin),
    ...createContactConfirmationActivities(deps, origin),
  };
}

export type Activities = ReturnType<typeof createActivities>;
