import type { SealedText } from '../events/sealed-value';
import type {
  RiskAssessmentEvent,
  RiskAssessmentInitiator,
  RiskAssessmentOrigin,
  RiskAssessmentOutcome,
  RiskAssessmentStep,
} from '../events/risk-assessment.events';
import type { Actor } from './crisis-workflow.contract';

/**
 * The §8a clocks of a region, as data (from the cooperation agreement, `riskAssessment`); every
 * deadline is configurable, the defaults live in libs/domain (`defaultRiskAssessmentRules`).
 */
export interface RiskAssessmentRules {
  /** A Träger consults the insoweit erfahrene Fachkraft within this many hours of the start. */
  specialistConsultationWithinHours: number;
  /** The professionals assess together within this many hours of the start. */
  jointAssessmentWithinHours: number;
  /** The child and the guardians are involved (or why not is recorded) within this many days. */
  familyInvolvementWithinDays: number;
  /** The outcome is decided within this many days of the start. */
  decisionWithinDays: number;
  /** A missed deadline is reminded once with this many extra hours, then escalated to the Leitung. */
  reminderGraceHours: number;
  /** Default review date after the decision, in days, when the decision names none. */
  reviewAfterDays: number;
}
export type RiskAssessmentDeadlines = Partial<RiskAssessmentRules>;

export const riskAssessmentWorkflowType = 'riskAssessmentWorkflow';

/** `risk-assessment-<caseId>-<20 hex>`: the id names its case, like a crisis id. */
export const riskAssessmentIdPattern = /^risk-assessment-(.+)-([0-9a-f]{20})$/;
export function caseIdOfRiskAssessment(assessmentId: string): string | null {
  return riskAssessmentIdPattern.exec(assessmentId)?.[1] ?? null;
}

export interface RiskAssessmentWorkflowInput {
  assessmentId: string;
  caseId: string;
  origin: RiskAssessmentOrigin;
  initiator: RiskAssessmentInitiator;
  /** Sealed by the API under the young person's key: only ciphertext reaches Temporal. */
  concern: SealedText;
  /** The lead office: its supervisor receives the escalations. */
  leadOrganisationId: string;
  rules: RiskAssessmentRules;
  startedBy: Actor;
  startedAt: string;
  correlationId: string;
}

export interface RiskAssessmentWorkflowResult {
  assessmentId: string;
  outcome: RiskAssessmentOutcome | null;
}

export interface ConsultSpecialistArgs {
  specialistName: SealedText;
  specialistOrganisation: string;
  consultedAt: string;
  by: Actor;
  at: string;
}

export interface RiskAssessmentProfessional {
  professionalId: string;
  organisationId: string;
  function: string;
}

export interface RecordJointAssessmentArgs {
  professionals: RiskAssessmentProfessional[];
  assessedAt: string;
  assessment: SealedText;
  by: Actor;
  at: string;
}

export type RiskAssessmentInvolvement = { involved: true; at: string } | { involved: false; reason: SealedText };

export interface RecordFamilyInvolvementArgs {
  youngPerson: RiskAssessmentInvolvement;
  guardians: RiskAssessmentInvolvement;
  by: Actor;
  at: string;
}

export interface RiskAssessmentProtectiveStep {
  stepId: string;
  action: SealedText;
  responsible: string;
  dueBy: string;
}

export interface DecideRiskAssessmentArgs {
  outcome: RiskAssessmentOutcome;
  reason: SealedText;
  helpOffer?: SealedText;
  protectiveSteps?: RiskAssessmentProtectiveStep[];
  /** ISO instant; omitted means the rules' default review date. */
  reviewAt?: string;
  by: Actor;
  at: string;
}

export interface RecordRiskAssessmentReviewArgs {
  note: SealedText;
  by: Actor;
  at: string;
}

export type RiskAssessmentPhase = 'assessing' | 'decided' | 'closed';
export type RiskAssessmentStepStatus = 'open' | 'reminded' | 'escalated' | 'done';

export interface RiskAssessmentLiveState {
  assessmentId: string;
  caseId: string;
  phase: RiskAssessmentPhase;
  origin: RiskAssessmentOrigin;
  initiator: RiskAssessmentInitiator;
  startedAt: string;
  steps: { step: RiskAssessmentStep; status: RiskAssessmentStepStatus; dueAt: string }[];
  outcome: RiskAssessmentOutcome | null;
  decidedAt: string | null;
  reviewAt: string | null;
}

export interface RecordRiskAssessmentStepInput {
  caseId: string;
  assessmentId: string;
  step: string;
  events: RiskAssessmentEvent[];
  actor: Actor;
  correlationId: string;
}

export interface RiskAssessmentActivities {
  recordRiskAssessmentStep(input: RecordRiskAssessmentStepInput): Promise<{ eventIds: string[]; duplicate: boolean }>;
}
