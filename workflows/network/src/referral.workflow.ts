/*
 * A referral's deadline (issue 17 part 6, docs/adr/0039; Lörrach's basic processes): the receiving
 * partner accepts or declines by `respondBy`; a day before, it is reminded; when the deadline
 * passes without a decision, the missed deadline is recorded for the referring partner and the
 * coordinating office. The decision itself is the API's; this workflow only watches the clock.
 * Its input is ids and times: no family data ever reaches Temporal.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { NetworkReferralActivities, NetworkReferralWorkflowInput } from '@hilfenetz/contracts';
import { referralClosed } from './referral.messages';

const { remindOfReferral, recordReferralDeadlineMissed } = proxyActivities<NetworkReferralActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export async function networkReferralWorkflow(
  input: NetworkReferralWorkflowInput,
): Promise<{ referralId: string; outcome: 'closed' | 'deadline_missed' }> {
  let closed = false;
  setHandler(referralClosed, () => {
    closed = true;
  });
  const step = { networkId: input.networkId, referralId: input.referralId, correlationId: input.correlationId };
  const until = (at: string) => Math.max(0, Date.parse(at) - Date.now());

  if (!(await condition(() => closed, until(input.remindAt)))) {
    const { open } = await remindOfReferral({ ...step, at: input.remindAt });
    if (!open) return { referralId: input.referralId, outcome: 'closed' };
  }
  if (closed || (await condition(() => closed, until(input.respondBy)))) {
    return { referralId: input.referralId, outcome: 'closed' };
  }
  const { open } = await recordReferralDeadlineMissed({ ...step, at: input.respondBy });
  return { referralId: input.referralId, outcome: open ? 'deadline_missed' : 'closed' };
}
