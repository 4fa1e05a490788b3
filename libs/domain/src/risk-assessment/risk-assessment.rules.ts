import type { CooperationAgreement, RiskAssessmentRules } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

/**
 * The §8a clocks an agreement does not set itself. §8a names no hours: "unverzüglich" is read in
 * practice as a joint assessment within three days and a decision within two weeks; a Träger
 * consults the insoweit erfahrene Fachkraft as quickly. Every value is configuration per agreement
 * (`CooperationAgreement.riskAssessment`), these are only the defaults.
 */
export const defaultRiskAssessmentRules: RiskAssessmentRules = {
  specialistConsultationWithinHours: 72,
  jointAssessmentWithinHours: 72,
  familyInvolvementWithinDays: 7,
  decisionWithinDays: 14,
  reminderGraceHours: 24,
  reviewAfterDays: 90,
};

/** The risk-assessment rules of an agreement version: its own deadlines, the defaults for the rest. */
export function riskAssessmentRulesOf(agreement: CooperationAgreement): RiskAssessmentRules {
  const own = Object.entries(agreement.riskAssessment ?? {}).filter(([, v]) => v !== undefined);
  return { ...defaultRiskAssessmentRules, ...Object.fromEntries(own) };
}

deepFreeze(defaultRiskAssessmentRules);
