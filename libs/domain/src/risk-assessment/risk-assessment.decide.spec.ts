import { riskAssessmentEventSchemas, type RiskAssessmentEvent, type SealedValue } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import type { RiskAssessmentCommand } from './risk-assessment.commands';
import { decideRiskAssessment } from './risk-assessment.decide';
import { evolveRiskAssessment, riskAssessmentLiveState } from './risk-assessment.evolve';
import { defaultRiskAssessmentRules as rules, riskAssessmentRulesOf } from './risk-assessment.rules';
import { initialRiskAssessmentState, type RiskAssessmentState } from './risk-assessment.state';
import { lindenauAgreementV1 } from '../agreement/lindenau.agreement';

/** Free text as the API hands it on: sealed (docs/adr/0018); a stand-in ciphertext here. */
const sealed = (label: string): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-test',
  iv: 'aXY=',
  tag: 'dGFn',
  ct: Buffer.from(label).toString('base64'),
});

const T0 = '2026-12-01T08:00:00.000Z';
const start = (initiator: 'youth_office' | 'provider' = 'youth_office'): RiskAssessmentCommand => ({
  type: 'StartRiskAssessment',
  assessmentId: 'risk-assessment-jugendamt-lindenau.FALL-1-0123456789abcdef0123',
  caseId: 'jugendamt-lindenau.FALL-1',
  origin: { kind: 'case' },
  initiator: { kind: initiator, organisationId: initiator === 'provider' ? 'org-traeger' : 'org-jugendamt' },
  leadOrganisationId: 'org-jugendamt',
  concern: sealed('concern'),
  rules,
  by: 'user-fachkraft',
  now: T0,
});
const joint = (ids = ['user-a', 'user-b']): RiskAssessmentCommand => ({
  type: 'RecordJointAssessment',
  professionals: ids.map((professionalId) => ({ professionalId, organisationId: 'org-jugendamt', function: 'ASD' })),
  assessedAt: '2026-12-01T10:00:00.000Z',
  assessment: sealed('assessment'),
  by: 'user-a',
  now: '2026-12-01T11:00:00.000Z',
});
const family: RiskAssessmentCommand = {
  type: 'RecordFamilyInvolvement',
  youngPerson: { involved: true, at: '2026-12-02T09:00:00.000Z' },
  guardians: { involved: false, reason: sealed('would endanger the child') },
  by: 'user-a',
  now: '2026-12-02T10:00:00.000Z',
};
const decision = (over: Partial<Extract<RiskAssessmentCommand, { type: 'DecideRiskAssessment' }>> = {}) =>
  ({
    type: 'DecideRiskAssessment',
    outcome: 'no_risk',
    reason: sealed('why'),
    rules,
    by: 'user-a',
    now: '2026-12-03T10:00:00.000Z',
    ...over,
  }) as RiskAssessmentCommand;

function run(...commands: RiskAssessmentCommand[]): { state: RiskAssessmentState; events: RiskAssessmentEvent[] } {
  let state = initialRiskAssessmentState;
  const events: RiskAssessmentEvent[] = [];
  for (const c of commands) {
    const out = decideRiskAssessment(c, state);
    events.push(...out);
    state = out.reduce(evolveRiskAssessment, state);
  }
  return { state, events };
}

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainRuleViolation) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('§8a risk assessment: decide/evolve', () => {
  it('starts with deadlines from the rules; a Träger also owes the specialist consultation', () => {
    const byOffice = run(start()).events[0]!;
    expect(byOffice.type).toBe('RiskAssessmentStarted');
    if (byOffice.type !== 'RiskAssessmentStarted') return;
    expect(byOffice.data.deadlines).toEqual({
      joint_assessment: '2026-12-04T08:00:00.000Z',
      family_involvement: '2026-12-08T08:00:00.000Z',
      decision: '2026-12-15T08:00:00.000Z',
    });
    const byProvider = run(start('provider')).state;
    expect(byProvider.steps.specialist_consultation).toEqual({ status: 'open', dueAt: '2026-12-04T08:00:00.000Z' });
  });

  it('every event it decides passes its registered schema', () => {
    const { events } = run(
      start(),
      joint(),
      family,
      decision({
        outcome: 'protective_steps',
        protectiveSteps: [
          { stepId: 's1', action: sealed('Kita täglich'), responsible: 'Träger Birkenhof', dueBy: '2026-12-20' },
        ],
      }),
    );
    for (const e of events) expect(() => riskAssessmentEventSchemas[e.type].schema.parse(e.data)).not.toThrow();
  });

  it('refuses one professional only, also the same one named twice', () => {
    const { state } = run(start());
    expect(refusal(() => decideRiskAssessment(joint(['user-a']), state))).toBe('risk_assessment.one_professional');
    expect(refusal(() => decideRiskAssessment(joint(['user-a', 'user-a']), state))).toBe(
      'risk_assessment.one_professional',
    );
  });

  it('refuses an outcome without reason, and before the joint assessment and the family involvement', () => {
    expect(refusal(() => decideRiskAssessment(decision(), run(start()).state))).toBe(
      'risk_assessment.joint_assessment_required',
    );
    expect(refusal(() => decideRiskAssessment(decision(), run(start(), joint()).state))).toBe(
      'risk_assessment.family_involvement_required',
    );
    const ready = run(start(), joint(), family).state;
    expect(refusal(() => decideRiskAssessment(decision({ reason: undefined }), ready))).toBe(
      'risk_assessment.reason_required',
    );
    expect(refusal(() => decideRiskAssessment(decision({ outcome: 'help_needed' }), ready))).toBe(
      'risk_assessment.help_offer_required',
    );
    expect(refusal(() => decideRiskAssessment(decision({ outcome: 'protective_steps' }), ready))).toBe(
      'risk_assessment.protective_steps_required',
    );
    expect(refusal(() => decideRiskAssessment(decision({ reviewAt: T0 }), ready))).toBe(
      'risk_assessment.review_in_past',
    );
  });

  it('decides Inobhutnahme without waiting for the family, but a Träger not before the specialist', () => {
    const urgent = run(start(), joint(), decision({ outcome: 'inobhutnahme' }));
    expect(urgent.state.phase).toBe('decided');
    expect(urgent.state.reviewAt).toBe('2027-03-03T10:00:00.000Z');
    const provider = run(start('provider'), joint()).state;
    expect(refusal(() => decideRiskAssessment(decision({ outcome: 'family_court' }), provider))).toBe(
      'risk_assessment.specialist_required',
    );
  });

  it('a missed deadline is reminded once, then escalated to the Leitung; a done step is not', () => {
    const passed = (step: 'joint_assessment' | 'decision', now: string): RiskAssessmentCommand => ({
      type: 'StepDeadlinePassed',
      step,
      rules,
      now,
    });
    const { events, state } = run(
      start(),
      passed('joint_assessment', '2026-12-04T08:00:00.000Z'),
      passed('joint_assessment', '2026-12-05T08:00:00.000Z'),
      passed('joint_assessment', '2026-12-06T08:00:00.000Z'),
    );
    expect(events.map((e) => e.type)).toEqual([
      'RiskAssessmentStarted',
      'RiskAssessmentReminderSent',
      'RiskAssessmentEscalated',
    ]);
    expect(events[2]!.data).toMatchObject({ escalatedTo: 'supervisor', organisationId: 'org-jugendamt' });
    expect(state.steps.joint_assessment?.status).toBe('escalated');
    const done = run(start(), joint()).state;
    expect(decideRiskAssessment(passed('joint_assessment', '2026-12-04T08:00:00.000Z'), done)).toEqual([]);
    expect(decideRiskAssessment(passed('decision', '2026-12-01T09:00:00.000Z'), done)).toEqual([]);
  });

  it('the review closes the assessment; nothing after that', () => {
    const { state } = run(start(), joint(), family, decision(), {
      type: 'RecordReview',
      note: sealed('fine'),
      by: 'user-a',
      now: '2027-03-03T10:00:00.000Z',
    });
    expect(riskAssessmentLiveState(state)).toMatchObject({ phase: 'closed', outcome: 'no_risk' });
    expect(refusal(() => decideRiskAssessment(family, state))).toBe('risk_assessment.closed');
  });

  it('takes the agreement’s own clocks and the defaults for the rest', () => {
    expect(riskAssessmentRulesOf({ ...lindenauAgreementV1, riskAssessment: { decisionWithinDays: 5 } })).toEqual({
      ...rules,
      decisionWithinDays: 5,
    });
  });
});
