import { confirmContactData } from '@hilfenetz/workflow-network/messages';
import {
  confirmationEventsOf,
  confirmationEventsWhen,
  contactMailsOf,
  startConfirmation,
  startContactConfirmationRig,
} from './contact-confirmation-workflow.rig';
import { DAY, nowOf } from './network-meeting-workflow.rig';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/** The yearly confirmation of a contact's data on the time-skipping server, real event store. */
describe('contact confirmation workflow (time-skipping test server, real event store)', () => {
  let rig: TimeSkippingRig;
  beforeAll(async () => {
    rig = await startContactConfirmationRig();
  });
  afterAll(() => rig?.stop());

  it('asked after a year, reminded twice, then „unbestätigt“ (not erased); confirming restarts the year', async () => {
    const { handle, input, networkId, contact } = await startConfirmation(rig);
    await rig.env.sleep(300 * DAY);
    expect(await confirmationEventsOf(rig, networkId)).toEqual([]);
    await rig.env.sleep(66 * DAY);
    const [requested] = await confirmationEventsWhen(rig, networkId, 1, 'the request');
    expect(requested!.type).toBe('PartnerContactConfirmationRequested');
    expect(requested!.data).toMatchObject({
      dueAt: new Date(Date.parse(input.lastConfirmedAt) + 365 * DAY).toISOString(),
      mailed: true,
    });
    const [mail] = contactMailsOf(input.contactId);
    expect(mail!.n.body?.subject).toContain('Bitte bestätigen Sie Ihre Kontaktdaten');
    expect(mail!.n.body?.text).toContain(`/netzwerke/${networkId}`);

    await rig.env.sleep(43 * DAY);
    const es = await confirmationEventsWhen(rig, networkId, 4, 'reminders and „unbestätigt“');
    expect(es.map((e) => e.type)).toEqual([
      'PartnerContactConfirmationRequested',
      'PartnerContactConfirmationReminded',
      'PartnerContactConfirmationReminded',
      'PartnerContactConfirmationOverdue',
    ]);
    expect(contactMailsOf(input.contactId)).toHaveLength(3);
    // The contact's entry is still there: overdue is shown, never erased.
    expect((await rig.store.readStream(`network-${networkId}`)).map((e) => e.type)).not.toContain(
      'PartnerContactConsentWithdrawn',
    );

    const answered = await handle.executeUpdate(confirmContactData, { args: [{ by: contact, at: await nowOf(rig) }] });
    expect(answered.confirmedAt).toBeTruthy();
    await confirmationEventsWhen(rig, networkId, 5, 'the confirmation');
    // A new year: nothing more for 364 days.
    await rig.env.sleep(364 * DAY);
    expect((await confirmationEventsOf(rig, networkId)).map((e) => e.type).at(-1)).toBe('PartnerContactConfirmed');
    await rig.env.sleep(2 * DAY);
    await confirmationEventsWhen(rig, networkId, 6, 'the next year’s request');
  });

  it('confirmed after the request: no reminder, no „unbestätigt“', async () => {
    const { handle, networkId, contact } = await startConfirmation(rig);
    await rig.env.sleep(366 * DAY);
    await confirmationEventsWhen(rig, networkId, 1, 'the request');
    await handle.executeUpdate(confirmContactData, { args: [{ by: contact, at: await nowOf(rig) }] });
    await rig.env.sleep(60 * DAY);
    expect((await confirmationEventsOf(rig, networkId)).map((e) => e.type)).toEqual([
      'PartnerContactConfirmationRequested',
      'PartnerContactConfirmed',
    ]);
  });
});
