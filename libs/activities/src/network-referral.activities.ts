import {
  networkReferralStreamId,
  type NetworkReferralActivities,
  type NetworkReferralDeadlineMissedData,
  type NetworkReferralReminderDueData,
  type NetworkReferralStepInput,
} from '@hilfenetz/contracts';
import { foldReferral, isReferralOpen } from '@hilfenetz/domain';
import { StreamVersionConflict } from '@hilfenetz/event-store';
import type { ActivityDeps } from './crisis.activities';
import { workflowEventId } from './event-ids';
import type { WorkflowOrigin } from './record-workflow-step';

/**
 * The referral deadline's activities (issue 17 part 6, docs/adr/0039): each reads the referral's
 * stream and appends its event only while the referral is still open, against the version it read
 * — a decision or an erasure appended meanwhile wins, and the step is decided again. The event id
 * comes from the workflow and the step, so a retry appends nothing new.
 */
export function createNetworkReferralActivities(
  deps: ActivityDeps,
  origin: () => WorkflowOrigin,
): NetworkReferralActivities {
  const step = async (
    input: NetworkReferralStepInput,
    name: string,
    event: (sent: NonNullable<ReturnType<typeof foldReferral>>['sent']) => { type: string; data: unknown },
  ): Promise<{ open: boolean }> => {
    const { workflowId, runId } = origin();
    const eventId = workflowEventId(workflowId, name);
    for (let attempt = 1; ; attempt++) {
      const events = await deps.eventStore.readStream(networkReferralStreamId(input.referralId));
      if (events.some((e) => e.eventId === eventId)) return { open: true };
      const referral = foldReferral(events);
      if (!referral || !isReferralOpen(referral)) return { open: false };
      const e = event(referral.sent);
      try {
        await deps.eventStore.append(
          networkReferralStreamId(input.referralId),
          [
            {
              eventId,
              type: e.type,
              schemaVersion: 1,
              data: e.data,
              metadata: {
                actorId: 'system:network-referral-workflow',
                actorRole: 'system',
                correlationId: input.correlationId,
                workflowId,
                workflowRunId: runId,
              },
            },
          ],
          events.at(-1)!.streamVersion,
        );
        return { open: true };
      } catch (err) {
        if (!(err instanceof StreamVersionConflict) || attempt >= 5) throw err;
      }
    }
  };
  return {
    remindOfReferral: (input) =>
      step(input, 'reminder', (sent) => ({
        type: 'NetworkReferralReminderDue',
        data: {
          networkId: input.networkId,
          referralId: input.referralId,
          toOrganisationId: sent.toOrganisationId,
          remindedAt: input.at,
        } satisfies NetworkReferralReminderDueData,
      })),
    recordReferralDeadlineMissed: (input) =>
      step(input, 'deadline', (sent) => ({
        type: 'NetworkReferralDeadlineMissed',
        data: {
          networkId: input.networkId,
          referralId: input.referralId,
          fromOrganisationId: sent.fromOrganisationId,
          toOrganisationId: sent.toOrganisationId,
          respondBy: sent.respondBy,
          missedAt: input.at,
        } satisfies NetworkReferralDeadlineMissedData,
      })),
  };
}
