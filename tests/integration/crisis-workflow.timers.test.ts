import { caseStreamId, lindenauAgreementV1 as agreement } from '@hilfenetz/domain';
import { acknowledgeTask, cancelCrisis, declineTask, decideAdmission } from '@hilfenetz/workflow-crisis/messages';
import { statutoryDeadline } from '@hilfenetz/domain';
import {
  actors,
  allNotified,
  AT_NIGHT,
  crisisEvents,
  liveStateWhen,
  minutes,
  ofTask,
  plus,
  startCrisis,
  inboxReceives,
  sharedCrisisParts,
  startCrisisRig,
  type CrisisRig,
  type SharedCrisisParts,
} from './crisis-workflow.rig';
import type { SealedValue } from '@hilfenetz/contracts';
import { terminateWhenQuiet } from '@hilfenetz/testing';

/** Free text as the API hands it on: sealed (docs/adr/0018); a stand-in ciphertext here. */
const sealedText = (label: string): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-test',
  iv: 'aXY=',
  tag: 'dGFn',
  ct: Buffer.from(label).toString('base64'),
});

/**
 * Every timer path of the crisis protocol on Temporal's time-skipping test server: hours of
 * deadlines pass in moments, and what each path leaves in the event store is checked.
 */
describe('crisis workflow timers (time-skipping test server, real event store)', () => {
  let rig: CrisisRig;
  let shared: SharedCrisisParts;
  beforeAll(async () => {
    shared = await sharedCrisisParts();
  });
  // A test server of its own per test: one test's run ending mid-step cannot leave the server's
  // time lock held for the next (temporalio/sdk-java#1138; see terminateWhenQuiet).
  beforeEach(async () => {
    rig = await startCrisisRig({ shared });
  });
  afterEach(() => rig?.stop());
  afterAll(() => shared?.stop());

  it('nobody answers: every chain runs its steps in order at the agreed times, ending with the supervisor', async () => {
    const { handle, input } = await startCrisis(rig);
    const notified = await allNotified(handle);
    await rig.env.sleep('5 hours');
    const events = await crisisEvents(rig, input);

    // The clinic: Aufnahme 15 min → Dienstarzt 15 min → Nordklinik 20 min → supervisor.
    const clinic = ofTask(events, 'task-clinic');
    expect(clinic.map((e) => [e.type, 'toContactId' in e.data ? e.data.toContactId : null])).toEqual([
      ['PartyNotified', null],
      ['TaskEscalated', 'ct-kjp-marien-dienstarzt'],
      ['TaskEscalated', 'ct-kjp-nord-aufnahme'],
      ['SupervisorAlerted', null],
    ]);
    const [first, toOnCall, toNord, supervisor] = clinic as [
      Extract<(typeof clinic)[number], { type: 'PartyNotified' }>,
      Extract<(typeof clinic)[number], { type: 'TaskEscalated' }>,
      Extract<(typeof clinic)[number], { type: 'TaskEscalated' }>,
      Extract<(typeof clinic)[number], { type: 'SupervisorAlerted' }>,
    ];
    const chain = agreement.parties.clinic.route;
    expect(first.data.deadline).toBe(plus(first.data.notifiedAt, minutes(chain.ackDeadlineMinutes)));
    // Each step fires on the deadline the previous one set, and gives its contact the agreed time.
    expect(toOnCall.data.missedDeadline).toBe(first.data.deadline);
    expect(Date.parse(toOnCall.data.escalatedAt)).toBeGreaterThanOrEqual(Date.parse(first.data.deadline));
    expect(toOnCall.data.deadline).toBe(
      plus(toOnCall.data.escalatedAt, minutes(chain.escalation[0]!.ackDeadlineMinutes)),
    );
    expect(toNord.data.missedDeadline).toBe(toOnCall.data.deadline);
    expect(toNord.data.deadline).toBe(plus(toNord.data.escalatedAt, minutes(chain.escalation[1]!.ackDeadlineMinutes)));
    expect(supervisor.data).toMatchObject({
      missedDeadline: toNord.data.deadline,
      supervisorContactId: 'ct-ja-fachaufsicht',
    });
    expect(supervisor.metadata).toMatchObject({ actorId: 'system:crisis-workflow', actorRole: 'system' });

    // Every other party's chain ran out too: the supervisor for the professionals, a documented
    // "unreachable" for the guardian.
    const lastOf = (taskId: string) => ofTask(events, taskId).at(-1)!.type;
    expect(['task-ambulance', 'task-youth_office', 'task-provider'].map(lastOf)).toEqual([
      'SupervisorAlerted',
      'SupervisorAlerted',
      'SupervisorAlerted',
    ]);
    expect(lastOf('task-guardian')).toBe('GuardianUnreachable');

    const live = await handle.query('crisisStatus');
    expect(live).toMatchObject({ status: 'open' });
    expect(notified.tasks.every((t) => t.nextEscalationDue === t.deadline)).toBe(true);
    expect((live as typeof notified).tasks.every((t) => t.nextEscalationDue === null)).toBe(true);
    await terminateWhenQuiet(handle);
  });

  it('an acknowledgement just before the deadline stops the escalation of that task', async () => {
    const { handle, input } = await startCrisis(rig);
    const notified = await allNotified(handle);
    const clinicTask = notified.tasks.find((t) => t.party === 'clinic')!;
    const justBefore = Date.parse(clinicTask.deadline!) - (await rig.env.currentTimeMs()) - 1_000;
    await rig.env.sleep(justBefore);

    const ack = await handle.executeUpdate(acknowledgeTask, {
      args: [{ taskId: 'task-clinic', by: actors.clinic, at: new Date(await rig.env.currentTimeMs()).toISOString() }],
    });
    expect(ack).toMatchObject({ taskId: 'task-clinic', acknowledgedBy: actors.clinic, alreadyAcknowledged: false });
    // The Update answered only after the event was stored.
    expect(ofTask(await crisisEvents(rig, input), 'task-clinic').map((e) => e.type)).toEqual([
      'PartyNotified',
      'TaskAcknowledged',
    ]);

    await rig.env.sleep('3 hours');
    const clinic = ofTask(await crisisEvents(rig, input), 'task-clinic');
    expect(clinic.map((e) => e.type)).toEqual(['PartyNotified', 'TaskAcknowledged']);
    // The others, who did not answer, did escalate meanwhile.
    expect(ofTask(await crisisEvents(rig, input), 'task-ambulance').map((e) => e.type)).toContain('TaskEscalated');

    const live = await liveStateWhen(handle, () => true, 'state');
    expect(live.tasks.find((t) => t.taskId === 'task-clinic')).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: actors.clinic,
      acknowledgedAt: ack.acknowledgedAt,
      nextEscalationDue: null,
      escalations: 0,
    });
    await terminateWhenQuiet(handle);
  });

  it('a decline hands the task to the next contact at once, with that contact’s deadline', async () => {
    const { handle, input } = await startCrisis(rig);
    await allNotified(handle);
    await rig.env.sleep('3 minutes');
    const now = new Date(await rig.env.currentTimeMs()).toISOString();
    const declined = await handle.executeUpdate(declineTask, {
      args: [{ taskId: 'task-clinic', by: actors.clinic, reason: sealedText('Keine Aufnahmekapazität'), at: now }],
    });
    // St. Marien said no, so its own on-call doctor is skipped: on to the Nordklinik.
    expect(declined).toEqual({
      taskId: 'task-clinic',
      nowWith: { contactId: 'ct-kjp-nord-aufnahme', organisationId: 'org-kjp-nordklinik' },
    });
    const clinic = ofTask(await crisisEvents(rig, input), 'task-clinic');
    expect(clinic.map((e) => e.type)).toEqual(['PartyNotified', 'TaskDeclined', 'TaskEscalated']);
    expect(clinic[1]!.data).toMatchObject({ reason: sealedText('Keine Aufnahmekapazität'), declinedBy: actors.clinic });
    expect(clinic[2]!.data).toMatchObject({ cause: 'declined', escalatedAt: now, deadline: plus(now, minutes(20)) });
    expect(clinic[1]!.metadata).toMatchObject({ actorId: 'u-kjp-0001', organisationId: 'org-kjp-st-marien' });

    // The Nordklinik takes it; the clinic that declined can no longer acknowledge.
    await expect(
      handle.executeUpdate(acknowledgeTask, { args: [{ taskId: 'task-clinic', by: actors.clinic, at: now }] }),
    ).rejects.toMatchObject({ cause: { type: 'task.wrong_organisation' } });
    await handle.executeUpdate(acknowledgeTask, { args: [{ taskId: 'task-clinic', by: actors.otherClinic, at: now }] });
    // The Nordklinik now lists this crisis among its own (search attribute), St. Marien still does.
    const listed = (await handle.describe()).searchAttributes.HilfenetzOrganisations;
    expect(listed).toEqual(
      expect.arrayContaining(['org-kjp-st-marien', 'org-kjp-nordklinik', 'org-leitstelle-lindenau']),
    );
    await rig.env.sleep('2 hours');
    expect(ofTask(await crisisEvents(rig, input), 'task-clinic').map((e) => e.type)).toEqual([
      'PartyNotified',
      'TaskDeclined',
      'TaskEscalated',
      'TaskAcknowledged',
    ]);
    await terminateWhenQuiet(handle);
  });

  it('a guardian who cannot be reached is documented with every attempt and blocks nothing', async () => {
    const { handle, input } = await startCrisis(rig);
    await allNotified(handle);
    await rig.env.sleep('5 hours');
    const guardian = ofTask(await crisisEvents(rig, input), 'task-guardian');
    expect(guardian.map((e) => e.type)).toEqual([
      'PartyNotified',
      'TaskEscalated',
      'TaskEscalated',
      'GuardianUnreachable',
    ]);
    const unreachable = guardian[3]!.data as { attempts: { contactId: string }[] };
    expect(unreachable.attempts.map((a) => a.contactId)).toEqual([
      'ct-sorge-kontakt-1',
      'ct-sorge-kontakt-2',
      'ct-sorge-kontakt-1',
    ]);
    // The crisis goes on: the clinic admits.
    const admitted = await handle.executeUpdate(decideAdmission, {
      args: [
        {
          decision: 'admitted_voluntary',
          by: actors.clinic,
          at: new Date(await rig.env.currentTimeMs()).toISOString(),
        },
      ],
    });
    expect(admitted.status).toBe('admitted');
    const live = await liveStateWhen(handle, () => true, 'state');
    expect(live.tasks.find((t) => t.party === 'guardian')).toMatchObject({
      status: 'unreachable',
      supervisorAlerted: false,
    });
    await terminateWhenQuiet(handle);
  });

  it('admission with deprivation of liberty: a missed family-court deadline alerts the supervisor', async () => {
    const { handle, input } = await startCrisis(rig);
    await allNotified(handle);
    await handle.executeUpdate(acknowledgeTask, {
      args: [
        {
          taskId: 'task-youth_office',
          by: actors.caseworker,
          at: new Date(await rig.env.currentTimeMs()).toISOString(),
        },
      ],
    });
    const decidedAt = new Date(await rig.env.currentTimeMs()).toISOString();
    await handle.executeUpdate(decideAdmission, {
      args: [{ decision: 'admitted_deprivation_of_liberty', by: actors.clinic, at: decidedAt }],
    });
    // The ASD's inbox is open: the task reaches it, and still nobody obtains the decision in time.
    await inboxReceives(rig, handle, input, 'task-family_court', actors.caseworker);
    await rig.env.sleep('3 days');
    const court = ofTask(await crisisEvents(rig, input), 'task-family_court');
    expect(court.map((e) => e.type)).toEqual(['FamilyCourtDecisionRequired', 'SupervisorAlerted']);
    const deadline = statutoryDeadline(agreement.familyCourtDecision.deadline, decidedAt);
    expect(court[0]!.data).toMatchObject({ organisationId: 'org-jugendamt-lindenau', deadline });
    expect(court[1]!.data).toMatchObject({ missedDeadline: deadline, supervisorContactId: 'ct-ja-fachaufsicht' });
    // During the stay the crisis waits, open, for the discharge.
    expect((await liveStateWhen(handle, () => true, 'state')).status).toBe('admitted');
    await terminateWhenQuiet(handle);
  });

  it('a false alarm cancelled while the trigger is still being written sends nothing and ends cleanly', async () => {
    const { handle, input } = await startCrisis(rig);
    // Sent at once: it arrives while the trigger's write is in flight (found by bench:inbox, where
    // such crises failed instead of ending as cancelled).
    await handle.executeUpdate(cancelCrisis, {
      args: [
        {
          reason: sealedText('Fehlalarm: sofort zurückgenommen'),
          cancelledBy: actors.caseworker,
          cancelledAt: new Date(await rig.env.currentTimeMs()).toISOString(),
        },
      ],
    });
    await expect(handle.result()).resolves.toEqual({ crisisId: input.crisisId, outcome: 'cancelled' });
    // The notifications are decided with the trigger and written in the same append (patch
    // `coalesced-writes`); the cancellation lands after both, and no message left the system:
    // no SMS, call or e-mail was tried, so nobody was alarmed outside the (now closed) inboxes.
    expect((await crisisEvents(rig, input)).map((e) => e.type)).toEqual([
      'CrisisTriggered',
      ...Array(5).fill('PartyNotified'),
      'CrisisCancelled',
    ]);
    const attempts = (await rig.store.readStream(caseStreamId(input.caseId))).filter(
      (e) => e.type === 'NotificationAttempted',
    );
    expect(attempts.map((e) => (e.data as { channel: string }).channel).filter((c) => c !== 'in_app')).toEqual([]);
    expect((await rig.gateway.client.messages({})).filter((m) => m.reference.startsWith(`${input.crisisId}/`))).toEqual(
      [],
    );
  });

  it('at night the youth office task goes to the Bereitschaftsdienst and escalates along its own chain', async () => {
    const { handle, input } = await startCrisis(rig, { requestedAt: AT_NIGHT });
    const notified = await allNotified(handle);
    expect(notified.tasks.find((t) => t.party === 'youth_office')).toMatchObject({
      contactId: 'ct-ja-bereitschaft',
      organisationId: 'org-jugendamt-lindenau',
    });
    await rig.env.sleep('2 hours');
    const youthOffice = ofTask(await crisisEvents(rig, input), 'task-youth_office');
    expect(youthOffice.map((e) => [e.type, 'toContactId' in e.data ? e.data.toContactId : null])).toEqual([
      ['PartyNotified', null],
      ['TaskEscalated', 'ct-ja-bereitschaft-hintergrund'],
      ['SupervisorAlerted', null],
    ]);
    expect(youthOffice[0]!.data).toMatchObject({ route: 'outside_office_hours' });
    await terminateWhenQuiet(handle);
  });
});
