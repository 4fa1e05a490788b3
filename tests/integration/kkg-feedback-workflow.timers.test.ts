import { createActivities } from '@hilfenetz/activities';
import type { KkgFeedbackEvent, KkgFeedbackWorkflowInput, StoredEvent } from '@hilfenetz/contracts';
import { caseStreamId, defaultKkgFeedbackRules } from '@hilfenetz/domain';
import { giveKkgFeedback, kkgFeedbackStatus } from '@hilfenetz/workflow-kkg-feedback/messages';
import { randomBytes, randomUUID } from 'node:crypto';
import { notificationDeps } from './notification-deps';
import { startTimeSkippingRig, type TimeSkippingRig } from './support/time-skipping-rig';

const DAY = 86_400_000;
const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const caseworker = { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' };
type Stored = StoredEvent & KkgFeedbackEvent;

/** Every deadline path of the §4 (4) KKG feedback on the time-skipping server, real event store. */
describe('§4 KKG feedback workflow (time-skipping test server, real event store)', () => {
  let rig: TimeSkippingRig;
  beforeAll(async () => {
    rig = await startTimeSkippingRig({
      workflowsPath: require.resolve('@hilfenetz/workflow-kkg-feedback'),
      taskQueuePrefix: 'kkg-feedback-it',
      activities: ({ ds, store }) =>
        createActivities({ eventStore: store, notifications: notificationDeps(ds, store, []) }),
    });
  });
  afterAll(() => rig?.stop());

  const nowOf = async () => new Date(await rig.env.currentTimeMs()).toISOString();
  const events = async (caseId: string) => (await rig.store.readStream(caseStreamId(caseId))) as Stored[];
  async function eventsWhen(caseId: string, ready: (es: Stored[]) => boolean, what: string) {
    let last: Stored[] = [];
    for (let i = 0; i < 200; i++) {
      last = await events(caseId);
      if (ready(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}; saw ${last.map((e) => e.type).join(', ')}`);
  }

  async function report() {
    const caseId = `FALL-KKG-${randomUUID().slice(0, 8)}`;
    const receivedAt = await nowOf();
    const input: KkgFeedbackWorkflowInput = {
      reportId: `kkg-report-${caseId}-${randomBytes(10).toString('hex')}`,
      caseId,
      reporter: { organisationId: 'org-kjp-st-marien', profession: 'clinic' },
      channel: 'app',
      concern: { $sealed: 'A256GCM', subjectId: 'subj-it', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' },
      leadOrganisationId: caseworker.organisationId,
      rules: defaultKkgFeedbackRules,
      recordedBy: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
      receivedAt,
      correlationId: randomUUID(),
    };
    const handle = await rig.env.client.workflow.start('kkgFeedbackWorkflow', {
      taskQueue: rig.taskQueue,
      workflowId: input.reportId,
      args: [input],
    });
    await eventsWhen(caseId, (es) => es.length >= 1, 'the report');
    return { handle, input, receivedAt };
  }

  it('no feedback: reminded at the deadline, the Leitung after the grace; feedback still closes it', async () => {
    const { handle, input, receivedAt } = await report();
    await rig.env.sleep(20 * DAY);
    const es = await eventsWhen(input.caseId, (e) => e.length >= 3, 'reminder and escalation');
    const due = plusMs(receivedAt, 14 * DAY);
    expect(
      es
        .slice(1)
        .map((e) => [e.type, 'sentAt' in e.data ? e.data.sentAt : (e.data as { escalatedAt: string }).escalatedAt]),
    ).toEqual([
      ['KkgFeedbackReminderSent', due],
      ['KkgFeedbackOverdueEscalated', plusMs(due, 3 * DAY)],
    ]);
    expect((await handle.query(kkgFeedbackStatus)).status).toBe('escalated');
    await handle.executeUpdate(giveKkgFeedback, {
      args: [{ riskConfirmed: false, acting: false, by: caseworker, at: await nowOf() }],
    });
    await handle.result();
    expect((await events(input.caseId)).map((e) => e.type).at(-1)).toBe('KkgFeedbackGiven');
  });

  it('feedback in time: no reminder, the workflow ends; a second answer is refused', async () => {
    const { handle, input } = await report();
    await rig.env.sleep(2 * DAY);
    const live = await handle.executeUpdate(giveKkgFeedback, {
      args: [{ riskConfirmed: true, acting: true, by: caseworker, at: await nowOf() }],
    });
    expect(live).toMatchObject({ status: 'given', feedback: { riskConfirmed: true, acting: true } });
    await handle.result();
    await rig.env.sleep(30 * DAY);
    expect((await events(input.caseId)).map((e) => e.type)).toEqual(['KkgReportReceived', 'KkgFeedbackGiven']);
  });

  it('feedback after the reminder: no escalation', async () => {
    const { handle, input } = await report();
    await rig.env.sleep(15 * DAY);
    await eventsWhen(input.caseId, (e) => e.length >= 2, 'the reminder');
    await handle.executeUpdate(giveKkgFeedback, {
      args: [{ riskConfirmed: true, acting: false, by: caseworker, at: await nowOf() }],
    });
    await handle.result();
    expect((await events(input.caseId)).map((e) => e.type)).toEqual([
      'KkgReportReceived',
      'KkgFeedbackReminderSent',
      'KkgFeedbackGiven',
    ]);
  });
});
