import { referralClosed } from '@hilfenetz/workflow-network/messages';
import path from 'node:path';
import { DAY, decide, referralEventsWhen, sendReferral, startReferralRig } from './network-referral-workflow.rig';
import { describeReplay } from './support/replay-suite';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/**
 * Replays the committed histories of the referral deadline's paths against today's workflow code.
 * `RECORD_NETWORK_REFERRAL_HISTORIES=1` records them anew (workflows/network/scripts/record-referral-histories.mjs).
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/network/histories/referral');
const RECORD = process.env.RECORD_NETWORK_REFERRAL_HISTORIES === '1';

type Scenario = (rig: TimeSkippingRig) => Promise<{ workflowId: string; runId: string }>;

const scenarios: Record<string, Scenario> = {
  async 'reminded-then-deadline-missed'(rig) {
    const { referralId, handle } = await sendReferral(rig, 3);
    await rig.env.sleep(2 * DAY + 60_000);
    await referralEventsWhen(rig, referralId, (t) => t.includes('NetworkReferralReminderDue'), 'the reminder');
    await rig.env.sleep(DAY);
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
  async 'decided-in-time'(rig) {
    const { referralId, networkId, handle } = await sendReferral(rig, 3);
    await rig.env.sleep(DAY);
    await decide(rig, referralId, networkId);
    await handle.signal(referralClosed);
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
};

describeReplay({
  title: 'network referral workflow replay (committed histories)',
  histories: HISTORIES,
  workflowsPath: require.resolve('@hilfenetz/workflow-network'),
  record: RECORD,
  startRig: startReferralRig,
  scenarios,
});
