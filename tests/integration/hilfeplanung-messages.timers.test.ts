import { eventually, MailpitClient, terminateWhenQuiet } from '@hilfenetz/testing';
import { scheduleMeeting } from '@hilfenetz/workflow-hilfeplanung/messages';
import {
  DAY,
  nowOf,
  people,
  planningEvents,
  planningEventsWhen,
  plusMs,
  startPlanning,
  startPlanningRig,
  type PlanningRig,
} from './hilfeplanung-workflow.rig';

const CLINIC = 'sozialdienst@kjp-st-marien.example';
const PROVIDER = 'leitung@wohngruppe-birkenhof.example';
const HOUR = 3_600_000;

/**
 * The Hilfeplanung's messages leave the system at their times (issue 11 §4), on the time-skipping
 * test server with the real activities, the real event store and the real SMTP catcher (Mailpit):
 * the statement requests at the start, the invitation when the meeting is scheduled, the meeting
 * reminder 48 hours before it, the statement reminder when the statement is overdue — and none of
 * the reminders earlier.
 */
describe('Hilfeplanung messages (time-skipping test server, real event store, Mailpit)', () => {
  let rig: PlanningRig;
  const mailpit = new MailpitClient();
  beforeAll(async () => {
    rig = await startPlanningRig();
  });
  afterAll(() => rig?.stop());

  /** The case's mails to one mailbox, oldest first, as subjects. */
  const subjectsTo = async (address: string, caseId: string) =>
    (await mailpit.search(`to:"${address}" subject:"${caseId}"`)).map((m) => m.Subject).reverse();
  const sentFacts = async (caseId: string) =>
    (await planningEvents(rig, caseId)).flatMap((e) =>
      e.type === 'HilfeplanungMessageSent' ? [{ ...e.data, type: e.type }] : [],
    );

  it('requests, invitation and reminders reach the clinic’s and the Träger’s function mailboxes at their times', async () => {
    const { handle, input } = await startPlanning(rig, { registered: true });
    const { caseId } = input;

    // At the start: a statement request to each organisation asked for one.
    await planningEventsWhen(
      rig,
      caseId,
      (es) => es.filter((e) => e.type === 'HilfeplanungMessageSent').length === 2,
      'the statement requests',
    );
    const [first] = await eventually(
      async () => {
        const list = await mailpit.search(`to:"${CLINIC}" subject:"${caseId}"`);
        return list.length > 0 ? list : undefined;
      },
      { what: 'the statement request in Mailpit' },
    );
    const request = await mailpit.read(first!.ID);
    expect(request.Subject).toBe(
      `hilfenetz: Bitte um Stellungnahme – Fall ${caseId} (bis ${deDate(plusMs(input.startedAt, 10 * DAY))})`,
    );
    expect(request.Text).toContain(`/faelle/${caseId}/hilfeplanung`);
    expect(request.Text).not.toMatch(/Lea|Birkholz/);
    expect(await subjectsTo(PROVIDER, caseId)).toEqual([request.Subject]);

    // The meeting in five days: the invitation goes out at once.
    const now = await nowOf(rig);
    const meetingAt = plusMs(now, 5 * DAY);
    await handle.executeUpdate(scheduleMeeting, { args: [{ meetingAt, by: people.caseworker, at: now }] });
    await planningEventsWhen(
      rig,
      caseId,
      (es) => es.filter((e) => e.type === 'HilfeplanungMessageSent').length === 4,
      'the invitations',
    );
    const invitation = (await mailpit.search(`to:"${CLINIC}" subject:"Einladung" subject:"${caseId}"`))[0]!;
    const text = (await mailpit.read(invitation.ID)).Text;
    expect(text).toContain('Ort: Kreisjugendamt Lindenau');
    expect(text).toContain(`Fall ${caseId}`);
    expect(text).toMatch(/Termin: \w+, \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/);

    // Two days on: still a day before the reminder (48 hours ahead of the meeting) — none yet.
    await rig.env.sleep(2 * DAY);
    expect((await sentFacts(caseId)).filter((f) => f.kind === 'meeting_reminder')).toEqual([]);
    expect((await subjectsTo(CLINIC, caseId)).some((s) => s.includes('Erinnerung'))).toBe(false);

    // Past the reminder time: the reminder went out at it, to both mailboxes.
    await rig.env.sleep(1 * DAY + HOUR);
    await planningEventsWhen(
      rig,
      caseId,
      (es) => es.filter((e) => e.type === 'HilfeplanungMessageSent').length === 6,
      'the meeting reminders',
    );
    const reminders = (await sentFacts(caseId)).filter((f) => f.kind === 'meeting_reminder');
    expect(reminders.map((r) => r.recipientId).sort()).toEqual([
      'ct-kjp-marien-sozialdienst',
      'ct-tr-birkenhof-leitung',
    ]);
    const remindAt = Date.parse(meetingAt) - 48 * HOUR;
    for (const r of reminders) expect(Math.abs(Date.parse(r.sentAt) - remindAt)).toBeLessThan(HOUR);
    expect(await subjectsTo(CLINIC, caseId)).toContain(
      `hilfenetz: Erinnerung an das Hilfeplangespräch am ${deDate(meetingAt)} – Fall ${caseId}`,
    );

    // The statements were due ten days after the start: not before, then reminded with three more days.
    await rig.env.sleep(Date.parse(input.startedAt) + 10 * DAY - (await rig.env.currentTimeMs()) - HOUR);
    expect((await sentFacts(caseId)).filter((f) => f.kind === 'statement_reminder')).toEqual([]);
    await rig.env.sleep(2 * HOUR);
    await planningEventsWhen(
      rig,
      caseId,
      (es) => es.filter((e) => e.type === 'HilfeplanungMessageSent').length === 8,
      'the statement reminders',
    );
    const chased = (await sentFacts(caseId)).filter((f) => f.kind === 'statement_reminder');
    const dueAt = Date.parse(input.startedAt) + 10 * DAY;
    for (const r of chased) expect(Math.abs(Date.parse(r.sentAt) - dueAt)).toBeLessThan(HOUR);
    expect(await subjectsTo(PROVIDER, caseId)).toContain(
      `hilfenetz: Erinnerung: Stellungnahme steht aus – Fall ${caseId} (bis ${deDate(plusMs(input.startedAt, 13 * DAY))})`,
    );
    // No family member was written to: the caseworker chose no channel for them.
    expect((await planningEvents(rig, caseId)).some((e) => e.type === 'HilfeplanungMessageNotSent')).toBe(false);
    await terminateWhenQuiet(handle);
  });
});

function deDate(iso: string): string {
  return new Intl.DateTimeFormat('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));
}
