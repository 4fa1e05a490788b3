import type {
  RiskAssessmentInitiator,
  RiskAssessmentInvolvement,
  RiskAssessmentOrigin,
  RiskAssessmentOutcome,
  RiskAssessmentProfessional,
  RiskAssessmentProtectiveStep,
  RiskAssessmentRules,
  RiskAssessmentStep,
  SealedText,
} from '@hilfenetz/contracts';

/**
 * Commands of the §8a risk assessment. Time, rules and the actor's id arrive as data; free text
 * arrives sealed (the API sealed it under the young person's key) and is carried, never read.
 */
export type RiskAssessmentCommand =
  | {
      type: 'StartRiskAssessment';
      assessmentId: string;
      caseId: string;
      origin: RiskAssessmentOrigin;
      initiator: RiskAssessmentInitiator;
      leadOrganisationId: string;
      concern: SealedText;
      rules: RiskAssessmentRules;
      by: string;
      now: string;
    }
  | {
      type: 'ConsultSpecialist';
      specialistName: SealedText;
      specialistOrganisation: string;
      consultedAt: string;
      by: string;
      now: string;
    }
  | {
      type: 'RecordJointAssessment';
      professionals: RiskAssessmentProfessional[];
      assessedAt: string;
      assessment: SealedText;
      by: string;
      now: string;
    }
  | {
      type: 'RecordFamilyInvolvement';
      youngPerson: RiskAssessmentInvolvement;
      guardians: RiskAssessmentInvolvement;
      by: string;
      now: string;
    }
  | {
      type: 'DecideRiskAssessment';
      outcome: RiskAssessmentOutcome;
      reason?: SealedText;
      helpOffer?: SealedText;
      protectiveSteps?: RiskAssessmentProtectiveStep[];
      reviewAt?: string;
      rules: RiskAssessmentRules;
      by: string;
      now: string;
    }
  | { type: 'RecordReview'; note: SealedText; by: string; now: string }
  /** A step's deadline passed: the first time a reminder, the second time the Leitung. */
  | { type: 'StepDeadlinePassed'; step: RiskAssessmentStep; rules: RiskAssessmentRules; now: string };
