import { giveKkgFeedback, kkgFeedbackStatus } from '@hilfenetz/workflow-kkg-feedback/messages';
import {
  DAY,
  caseworker,
  kkgEventsOf,
  kkgEventsWhen,
  nowOf,
  plusMs,
  reportConcern,
  startKkgFeedbackRig,
} from './kkg-feedback-workflow.rig';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/** Every deadline path of the §4 (4) KKG feedback on the time-skipping server, real event store. */
describe('§4 KKG feedback workflow (time-skipping test server, real event store)', () => {
  let rig: TimeSkippingRig;
  beforeAll(async () => {
    rig = await startKkgFeedbackRig();
  });
  afterAll(() => rig?.stop());

  it('no feedback: reminded at the deadline, the Leitung after the grace; feedback still closes it', async () => {
    const { handle, input, receivedAt } = await reportConcern(rig);
    await rig.env.sleep(20 * DAY);
    const es = await kkgEventsWhen(rig, input.caseId, (e) => e.length >= 3, 'reminder and escalation');
    const due = plusMs(receivedAt, 14 * DAY);
    const at = (e: (typeof es)[number]) =>
      e.type === 'KkgFeedbackReminderSent'
        ? e.data.sentAt
        : e.type === 'KkgFeedbackOverdueEscalated'
          ? e.data.escalatedAt
          : '';
    expect(es.slice(1).map((e) => [e.type, at(e)])).toEqual([
      ['KkgFeedbackReminderSent', due],
      ['KkgFeedbackOverdueEscalated', plusMs(due, 3 * DAY)],
    ]);
    expect((await handle.query(kkgFeedbackStatus)).status).toBe('escalated');
    await handle.executeUpdate(giveKkgFeedback, {
      args: [{ riskConfirmed: false, acting: false, by: caseworker, at: await nowOf(rig) }],
    });
    await handle.result();
    expect((await kkgEventsOf(rig, input.caseId)).map((e) => e.type).at(-1)).toBe('KkgFeedbackGiven');
  });

  it('feedback in time: no reminder, the workflow ends', async () => {
    const { handle, input } = await reportConcern(rig);
    await rig.env.sleep(2 * DAY);
    const live = await handle.executeUpdate(giveKkgFeedback, {
      args: [{ riskConfirmed: true, acting: true, by: caseworker, at: await nowOf(rig) }],
    });
    expect(live).toMatchObject({ status: 'given', feedback: { riskConfirmed: true, acting: true } });
    await handle.result();
    await rig.env.sleep(30 * DAY);
    expect((await kkgEventsOf(rig, input.caseId)).map((e) => e.type)).toEqual([
      'KkgReportReceived',
      'KkgFeedbackGiven',
    ]);
  });

  it('feedback after the reminder: no escalation', async () => {
    const { handle, input } = await reportConcern(rig);
    await rig.env.sleep(15 * DAY);
    await kkgEventsWhen(rig, input.caseId, (e) => e.length >= 2, 'the reminder');
    await handle.executeUpdate(giveKkgFeedback, {
      args: [{ riskConfirmed: true, acting: false, by: caseworker, at: await nowOf(rig) }],
    });
    await handle.result();
    expect((await kkgEventsOf(rig, input.caseId)).map((e) => e.type)).toEqual([
      'KkgReportReceived',
      'KkgFeedbackReminderSent',
      'KkgFeedbackGiven',
    ]);
  });
});
