import {
  riskAssessmentSteps,
  type RiskAssessmentEvent,
  type RiskAssessmentLiveState,
  type RiskAssessmentStep,
} from '@hilfenetz/contracts';
import type { RiskAssessmentState, RiskAssessmentStepState } from './risk-assessment.state';

/** evolve(state, event) → state. The workflow's live state and any fold of the stream agree. */
export function evolveRiskAssessment(s: RiskAssessmentState, e: RiskAssessmentEvent): RiskAssessmentState {
  switch (e.type) {
    case 'RiskAssessmentStarted': {
      const steps: RiskAssessmentState['steps'] = {};
      for (const [step, dueAt] of Object.entries(e.data.deadlines)) {
        if (dueAt) steps[step as RiskAssessmentStep] = { status: 'open', dueAt };
      }
      return {
        ...s,
        phase: 'assessing',
        assessmentId: e.data.assessmentId,
        caseId: e.data.caseId,
        origin: e.data.origin,
        initiator: e.data.initiator,
        leadOrganisationId: e.data.leadOrganisationId,
        startedAt: e.data.startedAt,
        steps,
      };
    }
    case 'RiskAssessmentSpecialistConsulted':
      return patchStep(s, 'specialist_consultation', { status: 'done' });
    case 'RiskAssessmentJointAssessmentRecorded':
      return patchStep(s, 'joint_assessment', { status: 'done' });
    case 'RiskAssessmentFamilyInvolvementRecorded':
      return patchStep(s, 'family_involvement', { status: 'done' });
    case 'RiskAssessmentDecided': {
      const decided = patchStep(s, 'decision', { status: 'done' });
      return {
        ...decided,
        phase: 'decided',
        outcome: e.data.outcome,
        decidedAt: e.data.decidedAt,
        reviewAt: e.data.reviewAt,
        steps: { ...decided.steps, review: { status: 'open', dueAt: e.data.reviewAt } },
      };
    }
    case 'RiskAssessmentReminderSent':
      return patchStep(s, e.data.step, { status: 'reminded', dueAt: e.data.newDueAt });
    case 'RiskAssessmentEscalated':
      return patchStep(s, e.data.step, { status: 'escalated' });
    case 'RiskAssessmentReviewRecorded':
      return { ...patchStep(s, 'review', { status: 'done' }), phase: 'closed' };
  }
}

function patchStep(
  s: RiskAssessmentState,
  step: RiskAssessmentStep,
  patch: Partial<RiskAssessmentStepState>,
): RiskAssessmentState {
  const current = s.steps[step];
  if (!current) return s;
  return { ...s, steps: { ...s.steps, [step]: { ...current, ...patch } } };
}

/** The view the workflow's query and the API's reads return: states and deadlines, no text. */
export function riskAssessmentLiveState(s: RiskAssessmentState): RiskAssessmentLiveState {
  return {
    assessmentId: s.assessmentId,
    caseId: s.caseId,
    phase: s.phase === 'none' ? 'assessing' : s.phase,
    origin: s.origin,
    initiator: s.initiator,
    startedAt: s.startedAt,
    steps: riskAssessmentSteps
      .filter((step) => s.steps[step])
      .map((step) => ({ step, status: s.steps[step]!.status, dueAt: s.steps[step]!.dueAt })),
    outcome: s.outcome,
    decidedAt: s.decidedAt,
    reviewAt: s.reviewAt,
  };
}
