import type { RiskAssessmentWorkflowResult } from '@hilfenetz/contracts';
import { defaultRiskAssessmentRules } from '@hilfenetz/domain';
import {
  consultSpecialist,
  decideRiskAssessment,
  recordRiskAssessmentReview,
  riskAssessmentStatus,
} from '@hilfenetz/workflow-risk-assessment/messages';
import type { WorkflowHandle } from '@temporalio/client';
import {
  DAY,
  HOUR,
  assessJointly,
  eventsOf,
  eventsWhen as eventsWhenOf,
  involveFamily as involveFamilyOf,
  nowOf as nowOfRig,
  people,
  plusMs,
  sealed,
  startAssessment,
  startRiskAssessmentRig,
  type StoredRiskAssessmentEvent as Stored,
} from './risk-assessment-workflow.rig';
import type { Actor } from '@hilfenetz/contracts';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/**
 * Every deadline of the §8a risk assessment on the time-skipping test server (days pass in
 * moments), with the real recording activity over the real event store: what each path leaves in
 * the case's stream is checked, to the minute the agreement's clocks give.
 */
describe('risk-assessment workflow (time-skipping test server, real event store)', () => {
  let rig: TimeSkippingRig;
  beforeAll(async () => {
    rig = await startRiskAssessmentRig();
  });
  afterAll(() => rig?.stop());

  const nowOf = () => nowOfRig(rig);
  const start = (initiator?: 'youth_office' | 'provider') => startAssessment(rig, initiator);
  const events = (caseId: string) => eventsOf(rig, caseId);
  const eventsWhen = (caseId: string, ready: (es: Stored[]) => boolean, what: string) =>
    eventsWhenOf(rig, caseId, ready, what);
  const joint = (handle: WorkflowHandle, professionals?: Actor[]) => assessJointly(rig, handle, professionals);
  const involveFamily = (handle: WorkflowHandle) => involveFamilyOf(rig, handle);

  const deadlineFacts = (es: Stored[]) =>
    es.flatMap((e) =>
      e.type === 'RiskAssessmentReminderSent'
        ? [{ kind: 'reminder', step: e.data.step, at: e.data.sentAt }]
        : e.type === 'RiskAssessmentEscalated'
          ? [{ kind: 'escalation', step: e.data.step, at: e.data.escalatedAt, to: e.data.organisationId }]
          : [],
    );

  const refusalOf = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (err: { cause?: { type?: string } }) => err.cause?.type ?? String(err),
    );

  it('nothing is done: every step is reminded at its deadline, then the Leitung gets it after the grace', async () => {
    const { input, startedAt, handle } = await start();
    await rig.env.sleep(16 * DAY);
    const es = await eventsWhen(
      input.caseId,
      (e) => deadlineFacts(e).length >= 6,
      'three reminders and three escalations',
    );
    const grace = defaultRiskAssessmentRules.reminderGraceHours * HOUR;
    const due = {
      joint_assessment: plusMs(startedAt, 72 * HOUR),
      family_involvement: plusMs(startedAt, 7 * DAY),
      decision: plusMs(startedAt, 14 * DAY),
    };
    const facts = deadlineFacts(es).sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind));
    expect(facts).toEqual([
      { kind: 'reminder', step: 'joint_assessment', at: due.joint_assessment },
      {
        kind: 'escalation',
        step: 'joint_assessment',
        at: plusMs(due.joint_assessment, grace),
        to: 'org-jugendamt-lindenau',
      },
      { kind: 'reminder', step: 'family_involvement', at: due.family_involvement },
      {
        kind: 'escalation',
        step: 'family_involvement',
        at: plusMs(due.family_involvement, grace),
        to: 'org-jugendamt-lindenau',
      },
      { kind: 'reminder', step: 'decision', at: due.decision },
      { kind: 'escalation', step: 'decision', at: plusMs(due.decision, grace), to: 'org-jugendamt-lindenau' },
    ]);
    const live = await handle.query(riskAssessmentStatus);
    expect(live.steps.map((s) => [s.step, s.status])).toEqual([
      ['joint_assessment', 'escalated'],
      ['family_involvement', 'escalated'],
      ['decision', 'escalated'],
    ]);
    // Still open: a late assessment is recorded all the same.
    await joint(handle);
    await involveFamily(handle);
    const decided = await handle.executeUpdate(decideRiskAssessment, {
      args: [{ outcome: 'no_risk', reason: sealed(), by: people.caseworker, at: await nowOf() }],
    });
    expect(decided.phase).toBe('decided');
  });

  it('a step done after its reminder is not escalated', async () => {
    const { input, handle } = await start();
    await rig.env.sleep(73 * HOUR);
    await eventsWhen(input.caseId, (e) => deadlineFacts(e).length >= 1, 'the reminder');
    await joint(handle);
    await rig.env.sleep(2 * DAY);
    const es = await events(input.caseId);
    expect(
      deadlineFacts(es)
        .filter((f) => f.step === 'joint_assessment')
        .map((f) => f.kind),
    ).toEqual(['reminder']);
  });

  it('all steps in time: no reminder; the review is reminded on its date, escalated after the grace, and the recorded review closes it', async () => {
    const { input, handle } = await start();
    await rig.env.sleep(HOUR);
    await joint(handle);
    await involveFamily(handle);
    const at = await nowOf();
    const reviewAt = plusMs(at, 30 * DAY);
    const decided = await handle.executeUpdate(decideRiskAssessment, {
      args: [
        {
          outcome: 'protective_steps',
          reason: sealed(),
          protectiveSteps: [{ stepId: 's1', action: sealed(), responsible: 'Träger Birkenhof', dueBy: '2027-01-15' }],
          reviewAt,
          by: people.caseworker,
          at,
        },
      ],
    });
    expect(decided).toMatchObject({ phase: 'decided', outcome: 'protective_steps', reviewAt });
    await rig.env.sleep(32 * DAY);
    const es = await eventsWhen(
      input.caseId,
      (e) => deadlineFacts(e).length >= 2,
      'the review reminder and escalation',
    );
    expect(deadlineFacts(es)).toEqual([
      { kind: 'reminder', step: 'review', at: reviewAt },
      { kind: 'escalation', step: 'review', at: plusMs(reviewAt, 24 * HOUR), to: 'org-jugendamt-lindenau' },
    ]);
    await handle.executeUpdate(recordRiskAssessmentReview, {
      args: [{ note: sealed(), by: people.caseworker, at: await nowOf() }],
    });
    const result = (await handle.result()) as RiskAssessmentWorkflowResult;
    expect(result).toEqual({ assessmentId: input.assessmentId, outcome: 'protective_steps' });
    expect((await events(input.caseId)).map((e) => e.type)).toEqual([
      'RiskAssessmentStarted',
      'RiskAssessmentJointAssessmentRecorded',
      'RiskAssessmentFamilyInvolvementRecorded',
      'RiskAssessmentDecided',
      'RiskAssessmentReminderSent',
      'RiskAssessmentEscalated',
      'RiskAssessmentReviewRecorded',
    ]);
  });

  it('a Träger: the specialist consultation has its deadline, and no decision before it; Inobhutnahme needs no family step', async () => {
    const { input, handle, startedAt } = await start('provider');
    await rig.env.sleep(97 * HOUR);
    const es = await eventsWhen(
      input.caseId,
      (e) => deadlineFacts(e).filter((f) => f.step === 'specialist_consultation').length >= 2,
      'specialist reminder and escalation',
    );
    expect(deadlineFacts(es).filter((f) => f.step === 'specialist_consultation')).toEqual([
      { kind: 'reminder', step: 'specialist_consultation', at: plusMs(startedAt, 72 * HOUR) },
      {
        kind: 'escalation',
        step: 'specialist_consultation',
        at: plusMs(startedAt, 96 * HOUR),
        to: 'org-jugendamt-lindenau',
      },
    ]);
    await joint(handle, [people.provider, { ...people.provider, id: 'u-tr-0002' }]);
    const decide = async () =>
      handle.executeUpdate(decideRiskAssessment, {
        args: [{ outcome: 'inobhutnahme', reason: sealed(), by: people.provider, at: await nowOf() }],
      });
    expect(await refusalOf(decide())).toBe('risk_assessment.specialist_required');
    const at = await nowOf();
    await handle.executeUpdate(consultSpecialist, {
      args: [
        {
          specialistName: sealed(),
          specialistOrganisation: 'Kinderschutzzentrum Lindenau',
          consultedAt: at,
          by: people.provider,
          at,
        },
      ],
    });
    expect((await decide()).outcome).toBe('inobhutnahme');
  });

  it('refuses one professional only and an outcome without a reason: nothing is stored', async () => {
    const { input, handle } = await start();
    expect(await refusalOf(joint(handle, [people.caseworker]))).toBe('risk_assessment.one_professional');
    expect(await refusalOf(joint(handle, [people.caseworker, people.caseworker]))).toBe(
      'risk_assessment.one_professional',
    );
    await joint(handle);
    await involveFamily(handle);
    const noReason = handle.executeUpdate(decideRiskAssessment, {
      args: [{ outcome: 'no_risk', by: people.caseworker, at: await nowOf() } as never],
    });
    expect(await refusalOf(noReason)).toBe('risk_assessment.reason_required');
    expect((await events(input.caseId)).map((e) => e.type)).toEqual([
      'RiskAssessmentStarted',
      'RiskAssessmentJointAssessmentRecorded',
      'RiskAssessmentFamilyInvolvementRecorded',
    ]);
  });
});
