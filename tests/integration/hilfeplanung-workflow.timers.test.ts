import type { HilfeplanungWorkflowResult, PlanningParty } from '@hilfenetz/contracts';
import {
  endHelp,
  hilfeplanungStatus,
  recordPlan,
  requestReview,
  scheduleMeeting,
  submitStatement,
} from '@hilfenetz/workflow-hilfeplanung/messages';
import type { WorkflowHandle } from '@temporalio/client';
import {
  DAY,
  isMessageEvent,
  nowOf,
  people,
  planningEvents,
  planningEventsWhen,
  plusMs,
  sealed,
  startPlanning,
  startPlanningRig,
  type PlanningRig,
} from './hilfeplanung-workflow.rig';
import type { SealedValue } from '@hilfenetz/contracts';

/** Free text as the API hands it on: sealed (docs/adr/0018); a stand-in ciphertext here. */
const sealedText = (label: string): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-test',
  iv: 'aXY=',
  tag: 'dGFn',
  ct: Buffer.from(label).toString('base64'),
});

const everyone: PlanningParty[] = ['young_person', 'guardian', 'provider', 'clinic', 'youth_office'];

/**
 * Every timer of the Hilfeplanung on the time-skipping test server: weeks and months pass in
 * moments; what each path leaves in the case's event stream is checked.
 */
describe('Hilfeplanung workflow (time-skipping test server, real event store)', () => {
  let rig: PlanningRig;
  beforeAll(async () => {
    rig = await startPlanningRig();
  });
  afterAll(() => rig?.stop());

  async function holdMeetingAndRecordPlan(handle: WorkflowHandle, nextReviewAt?: string) {
    const now = await nowOf(rig);
    await handle
      .executeUpdate(scheduleMeeting, { args: [{ meetingAt: plusMs(now, 3 * DAY), by: people.caseworker, at: now }] })
      .catch((err: { cause?: { type?: string; message?: string } }) => {
        throw new Error(`scheduling refused: ${err.cause?.type}: ${err.cause?.message}`);
      });
    await rig.env.sleep(3 * DAY);
    const heldAt = await nowOf(rig);
    return handle.executeUpdate(recordPlan, {
      args: [
        {
          heldAt,
          participants: everyone,
          youngPersonView: sealed(),
          goals: [{ goalId: 'g1', text: sealed() }],
          measures: [
            { measureId: 'm1', goalId: 'g1', description: sealed(), responsibleParty: 'clinic', dueBy: '2027-12-31' },
          ],
          ...(nextReviewAt ? { nextReviewAt } : {}),
          by: people.caseworker,
          at: heldAt,
        },
      ],
    });
  }

  it('nobody schedules the meeting: the supervisor is alerted exactly when the 14 days after discharge run out', async () => {
    const { handle, input } = await startPlanning(rig);
    await rig.env.sleep(15 * DAY);
    const events = await planningEventsWhen(
      rig,
      input.caseId,
      (es) => es.some((e) => e.type === 'SchedulingOverdue'),
      'the scheduling escalation',
    );
    const started = events.find((e) => e.type === 'HilfeplanungStarted')!;
    const overdue = events.filter((e) => e.type === 'SchedulingOverdue');
    expect(started.data).toMatchObject({ meetingToBeScheduledBy: plusMs(input.startedAt, 14 * DAY) });
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.data).toMatchObject({
      escalatedTo: 'supervisor',
      escalatedAt: plusMs(input.startedAt, 14 * DAY),
    });
    expect((await handle.query(hilfeplanungStatus)).schedulingEscalated).toBe(true);
  });

  it('a missing statement is reminded when due, then escalated after the grace days; a submitted one is not', async () => {
    const { handle, input } = await startPlanning(rig);
    await handle.executeUpdate(submitStatement, {
      args: [{ party: 'clinic', content: sealed(), by: people.clinic, at: input.startedAt }],
    });
    await rig.env.sleep(14 * DAY);
    const events = await planningEventsWhen(
      rig,
      input.caseId,
      (es) => es.some((e) => e.type === 'StatementOverdueEscalated'),
      'the statement escalation',
    );
    const ofParty = (party: string) =>
      events.filter((e) => !isMessageEvent(e) && 'party' in e.data && e.data.party === party).map((e) => e.type);
    const provider = ofParty('provider');
    const clinic = ofParty('clinic');
    expect(provider).toEqual(['StatementRequested', 'StatementReminderSent', 'StatementOverdueEscalated']);
    expect(clinic).toEqual(['StatementRequested', 'StatementSubmitted']);
    const reminder = events.find((e) => e.type === 'StatementReminderSent')!;
    const escalation = events.find((e) => e.type === 'StatementOverdueEscalated')!;
    expect(reminder.data).toMatchObject({
      missedDueAt: plusMs(input.startedAt, 10 * DAY),
      sentAt: plusMs(input.startedAt, 10 * DAY),
    });
    expect(escalation.data).toMatchObject({ escalatedAt: plusMs(input.startedAt, 13 * DAY) });
  });

  it('two review cycles: the Fortschreibung comes after six months, and earlier when a participant asks', async () => {
    const { handle, input } = await startPlanning(rig);
    const first = await holdMeetingAndRecordPlan(handle);
    expect(first.phase).toBe('plan_in_force');
    const reviewDue = first.nextReviewAt!;
    await rig.env.sleep(Date.parse(reviewDue) - (await rig.env.currentTimeMs()) + 1_000);

    const startsIn = (es: Awaited<ReturnType<typeof planningEvents>>) =>
      es.filter((e) => e.type === 'HilfeplanungStarted');
    let events = await planningEventsWhen(rig, input.caseId, (es) => startsIn(es).length === 2, 'cycle 2');
    const starts = () => startsIn(events);
    expect(starts().map((e) => [e.data.cycle, e.data.origin])).toEqual([
      [1, input.origin],
      [2, { kind: 'review', reason: 'scheduled' }],
    ]);
    expect(starts()[1]!.data.startedAt).toBe(reviewDue);
    // The reminder before each meeting went out 48 hours ahead.
    expect(events.filter((e) => e.type === 'MeetingReminderSent')).toHaveLength(1);

    const now = await nowOf(rig);
    await holdMeetingAndRecordPlan(handle, plusMs(now, 365 * DAY));
    await handle.signal(requestReview, {
      requestedBy: 'guardian',
      reason: sealedText('Die Mutter bittet um ein früheres Gespräch'),
      by: people.caseworker,
      at: await nowOf(rig),
    });
    events = await planningEventsWhen(rig, input.caseId, (es) => startsIn(es).length === 3, 'cycle 3');
    expect(starts().map((e) => [e.data.cycle, e.data.origin])).toEqual([
      [1, input.origin],
      [2, { kind: 'review', reason: 'scheduled' }],
      [3, { kind: 'review', reason: 'requested' }],
    ]);
    expect(events.filter((e) => e.type === 'HilfeplanRecorded').map((e) => e.data.cycle)).toEqual([1, 2]);
    expect((await handle.query(hilfeplanungStatus)).cycle).toBe(3);
  });

  it('continue-as-new after many cycles keeps the cycle count and the plan dates; ending closes the workflow', async () => {
    const { handle, input } = await startPlanning(rig, { rules: { cyclesPerRun: 2 } });
    const firstRun = (await handle.describe()).runId;
    await planningEventsWhen(rig, input.caseId, (es) => es.length >= 3, 'cycle 1 started');
    for (let cycle = 1; cycle <= 3; cycle++) {
      const current = rig.env.client.workflow.getHandle(input.planningId);
      await holdMeetingAndRecordPlan(current);
      await current.signal(requestReview, {
        requestedBy: 'young_person',
        reason: sealedText('Ich möchte früher reden'),
        by: people.caseworker,
        at: await nowOf(rig),
      });
      await rig.env.sleep(60_000);
    }
    const latest = rig.env.client.workflow.getHandle(input.planningId);
    expect((await latest.describe()).runId).not.toBe(firstRun);
    const status = await latest.query(hilfeplanungStatus);
    expect(status).toMatchObject({ cycle: 4, phase: 'awaiting_schedule' });

    const events = await planningEvents(rig, input.caseId);
    expect(events.filter((e) => e.type === 'HilfeplanungStarted').map((e) => e.data.cycle)).toEqual([1, 2, 3, 4]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    const runs = new Set(events.map((e) => e.metadata.workflowRunId));
    expect(runs.size).toBe(2);

    await latest.executeUpdate(endHelp, {
      args: [{ reason: 'goals_reached', by: people.caseworker, at: await nowOf(rig) }],
    });
    const result = (await latest.result()) as HilfeplanungWorkflowResult;
    expect(result).toEqual({ planningId: input.planningId, outcome: 'ended', cycles: 4 });
    expect((await planningEvents(rig, input.caseId)).at(-1)!.type).toBe('HelpEnded');
  });

  it('refuses a plan without goals, a review date in the past and a statement from a party not asked, changing nothing', async () => {
    const { handle, input } = await startPlanning(rig);
    const now = await nowOf(rig);
    await handle.executeUpdate(scheduleMeeting, {
      args: [{ meetingAt: plusMs(now, 5 * DAY), by: people.caseworker, at: now }],
    });
    // The invitations' delivery facts may still arrive; the planning's own events must not change.
    const decisions = async () => (await planningEvents(rig, input.caseId)).filter((e) => !isMessageEvent(e));
    const before = (await decisions()).length;
    const plan = {
      heldAt: now,
      participants: everyone,
      youngPersonView: sealed(),
      goals: [{ goalId: 'g1', text: sealed() }],
      measures: [],
      by: people.caseworker,
      at: now,
    };
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (err: { cause?: { type?: string } }) => err.cause?.type,
      );
    expect(await refusal(handle.executeUpdate(recordPlan, { args: [{ ...plan, goals: [] }] }))).toBe(
      'planning.plan_without_goals',
    );
    expect(
      await refusal(handle.executeUpdate(recordPlan, { args: [{ ...plan, nextReviewAt: plusMs(now, -DAY) }] })),
    ).toBe('planning.review_in_past');
    expect(
      await refusal(
        handle.executeUpdate(submitStatement, {
          args: [{ party: 'guardian', content: sealed(), by: people.caseworker, at: now }],
        }),
      ),
    ).toBe('planning.statement_not_requested');
    expect(await decisions()).toHaveLength(before);
    expect((await handle.query(hilfeplanungStatus)).phase).toBe('meeting_scheduled');
  });
});
