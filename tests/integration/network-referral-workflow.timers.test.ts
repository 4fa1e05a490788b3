import { referralClosed } from '@hilfenetz/workflow-network/messages';
import {
  DAY,
  BIRKENHOF,
  HEBAMMEN,
  decide,
  referralEventsOf,
  referralEventsWhen,
  sendReferral,
  startReferralRig,
} from './network-referral-workflow.rig';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/**
 * The referral's deadline on Temporal's time-skipping server (issue 17 part 6): the receiving
 * partner is reminded a day before the deadline; a missed deadline is recorded for the referring
 * partner and the coordinating office; a decision in time ends the watch without either.
 */
describe('network referral deadline workflow (time-skipping)', () => {
  let rig: TimeSkippingRig;

  beforeAll(async () => {
    rig = await startReferralRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('reminds a day before the deadline, then records the missed deadline at the deadline itself', async () => {
    const { referralId, handle, remindAt, respondBy } = await sendReferral(rig, 3);
    await rig.env.sleep(2 * DAY + 60_000);
    const reminded = await referralEventsWhen(
      rig,
      referralId,
      (t) => t.includes('NetworkReferralReminderDue'),
      'the reminder',
    );
    expect(reminded.map((e) => e.type)).toEqual(['NetworkReferralSent', 'NetworkReferralReminderDue']);
    expect(reminded[1]!.data).toMatchObject({ toOrganisationId: HEBAMMEN, remindedAt: remindAt });

    await rig.env.sleep(DAY);
    expect(await handle.result()).toEqual({ referralId, outcome: 'deadline_missed' });
    const events = await referralEventsOf(rig, referralId);
    expect(events.map((e) => e.type)).toEqual([
      'NetworkReferralSent',
      'NetworkReferralReminderDue',
      'NetworkReferralDeadlineMissed',
    ]);
    // For the referring partner and the coordinating office; no family data in it.
    expect(events[2]!.data).toMatchObject({
      fromOrganisationId: BIRKENHOF,
      toOrganisationId: HEBAMMEN,
      missedAt: respondBy,
    });
    expect(JSON.stringify(events[2]!.data)).not.toContain('Familie');
  }, 60_000);

  it('a decision before the reminder ends the watch: no reminder, no missed deadline', async () => {
    const { referralId, networkId, handle } = await sendReferral(rig, 3);
    await rig.env.sleep(DAY);
    await decide(rig, referralId, networkId);
    await handle.signal(referralClosed);
    expect(await handle.result()).toEqual({ referralId, outcome: 'closed' });
    expect((await referralEventsOf(rig, referralId)).map((e) => e.type)).toEqual([
      'NetworkReferralSent',
      'NetworkReferralDecided',
    ]);
  }, 60_000);

  it('a decision whose signal was lost still wins: the step reads the stream and appends nothing', async () => {
    const { referralId, networkId, handle } = await sendReferral(rig, 3);
    await decide(rig, referralId, networkId);
    await rig.env.sleep(3 * DAY);
    expect(await handle.result()).toEqual({ referralId, outcome: 'closed' });
    expect((await referralEventsOf(rig, referralId)).map((e) => e.type)).toEqual([
      'NetworkReferralSent',
      'NetworkReferralDecided',
    ]);
  }, 60_000);
});
