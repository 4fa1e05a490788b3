import type {
  RiskAssessmentInitiator,
  RiskAssessmentOrigin,
  RiskAssessmentOutcome,
  RiskAssessmentPhase,
  RiskAssessmentStep,
  RiskAssessmentStepStatus,
} from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

export interface RiskAssessmentStepState {
  status: RiskAssessmentStepStatus;
  dueAt: string;
}

export interface RiskAssessmentState {
  phase: RiskAssessmentPhase | 'none';
  assessmentId: string;
  caseId: string;
  origin: RiskAssessmentOrigin;
  initiator: RiskAssessmentInitiator;
  /** The lead office whose Leitung receives escalations. */
  leadOrganisationId: string;
  startedAt: string;
  /** Only the steps this assessment has (the specialist only when a Träger started it). */
  steps: Partial<Record<RiskAssessmentStep, RiskAssessmentStepState>>;
  outcome: RiskAssessmentOutcome | null;
  decidedAt: string | null;
  reviewAt: string | null;
}

export const initialRiskAssessmentState: RiskAssessmentState = {
  phase: 'none',
  assessmentId: '',
  caseId: '',
  origin: { kind: 'case' },
  initiator: { kind: 'youth_office', organisationId: '' },
  leadOrganisationId: '',
  startedAt: '',
  steps: {},
  outcome: null,
  decidedAt: null,
  reviewAt: null,
};

deepFreeze(initialRiskAssessmentState);
