/**
 * Every refusal the API can answer with, as one union of stable codes (docs/adr/0012). A code says
 * what was refused; the API's exception filter alone maps it to an HTTP status and title.
 */

/** Codes the crisis workflow's Update validators refuse with (ApplicationFailure type), see workflows/crisis. */
export const crisisRefusalCodes = [
  'task.wrong_organisation',
  'task.not_permitted',
  'task.unknown',
  'task.not_open',
  'crisis.not_open',
  'crisis.not_admitted',
  'admission.follow_up_required',
  'task.unknown_reason_category',
] as const;
export type CrisisRefusalCode = (typeof crisisRefusalCodes)[number];

/** Codes the Hilfeplanung workflow refuses with. */
export const planningRefusalCodes = [
  'planning.cycle_open',
  'planning.duplicate_goal',
  'planning.ended',
  'planning.meeting_in_past',
  'planning.no_meeting',
  'planning.no_plan',
  'planning.not_invited',
  'planning.not_schedulable',
  'planning.not_started',
  'planning.plan_without_goals',
  'planning.review_in_past',
  'planning.statement_already_submitted',
  'planning.statement_not_requested',
  'planning.unknown_goal',
  'planning.young_person_missing',
] as const;
export type PlanningRefusalCode = (typeof planningRefusalCodes)[number];

/** Codes the §8a risk-assessment and the §4 KKG feedback workflows refuse with (issue 18). */
export const riskAssessmentRefusalCodes = [
  'risk_assessment.closed',
  'risk_assessment.decided',
  'risk_assessment.not_decided',
  'risk_assessment.one_professional',
  'risk_assessment.already_recorded',
  'risk_assessment.specialist_required',
  'risk_assessment.joint_assessment_required',
  'risk_assessment.family_involvement_required',
  'risk_assessment.reason_required',
  'risk_assessment.help_offer_required',
  'risk_assessment.protective_steps_required',
  'risk_assessment.review_in_past',
  'kkg_feedback.given',
  'kkg_feedback.not_received',
] as const;
export type RiskAssessmentRefusalCode = (typeof riskAssessmentRefusalCodes)[number];

/** Risk-assessment refusals that mean "your input breaks a rule" (422) rather than "not now" (409). */
export const riskAssessmentInvalidInputCodes = [
  'risk_assessment.one_professional',
  'risk_assessment.reason_required',
  'risk_assessment.help_offer_required',
  'risk_assessment.protective_steps_required',
  'risk_assessment.review_in_past',
] as const satisfies readonly RiskAssessmentRefusalCode[];

/** Planning refusals that mean "your input breaks a rule" (422) rather than "not now" (409). */
export const invalidInputCodes = [
  'planning.plan_without_goals',
  'planning.review_in_past',
  'planning.meeting_in_past',
  'planning.unknown_goal',
  'planning.duplicate_goal',
  'planning.young_person_missing',
  'planning.statement_not_requested',
  'planning.not_invited',
] as const satisfies readonly PlanningRefusalCode[];
export type InvalidInputCode = (typeof invalidInputCodes)[number];

/** Codes the API's own services refuse with (no workflow involved). */
export const applicationErrorCodes = [
  'request.invalid',
  'request.idempotency_key_required',
  'request.idempotency_key_reused',
  'access.forbidden',
  'access.break_glass_required',
  'access.break_glass_reason_invalid',
  'access.rate_limited',
  'break_glass_review.not_found',
  'break_glass_review.decided',
  'case.not_found',
  'case.exists',
  'case.not_registered',
  'case.reference_not_own',
  'case.erased',
  'case.legal_hold',
  'crisis.not_found',
  'crisis.closed',
  'crisis.details_erased',
  'guardian.not_found',
  'guardian.too_many',
  'guardian.no_rank_left',
  'agreement.none_in_force',
  'agreement.not_partner',
  'agreement.invalid',
  'agreement.version_not_found',
  'agreement.version_exists',
  'agreement.not_named',
  'agreement.version_ended',
  'agreement.not_signed',
  'planning.exists',
  'planning.not_found',
  'planning.closed',
  'planning.no_plan_in_force',
  'planning.plan_not_recorded',
  'planning.not_your_party',
  'risk_assessment.not_found',
  'kkg_feedback.not_found',
  'quality_item.not_found',
  'weakness.not_found',
  'network.not_found',
  'network.exists',
  'network.not_member',
  'network.not_coordinator',
  'network.not_your_partner',
  'network.partner_not_found',
  'network.partner_exists',
  'network.sub_network_unknown',
  'network.agreement_not_signed',
  'network.contact_exists',
  'network.contact_missing',
  'network.consent_invalid',
  'network.offer_not_found',
  'network_meeting.series_not_found',
  'network_meeting.not_found',
  'network_meeting.topic_not_found',
  'network_meeting.topics_closed',
  'network_meeting.already_voted',
  'network_meeting.not_held_yet',
  'network_meeting.no_minutes',
  'network_meeting.minutes_closed',
  'network_meeting.not_minute_taker',
  'network_meeting.invalid_times',
  'network_meeting.not_a_partner',
  'network.consultation_not_found',
  'network.not_addressed',
  'network.referral_not_found',
  'network.referral_decided',
  'network.referral_erased',
  'network.goal_not_found',
  'delivery.task_not_found',
  'delivery.signature_invalid',
  'delivery.reference_unknown',
  'guardian_code.locked',
  'guardian_code.invalid',
  'export.too_large',
  'engine.unavailable',
  'server.busy',
] as const;
export type ApplicationErrorCode = (typeof applicationErrorCodes)[number];

export type ErrorCode = CrisisRefusalCode | PlanningRefusalCode | RiskAssessmentRefusalCode | ApplicationErrorCode;

const known: ReadonlySet<string> = new Set<string>([
  ...crisisRefusalCodes,
  ...planningRefusalCodes,
  ...riskAssessmentRefusalCodes,
  ...applicationErrorCodes,
]);

export function isErrorCode(code: string | null | undefined): code is ErrorCode {
  return code != null && known.has(code);
}

export function isCrisisRefusalCode(code: string | null | undefined): code is CrisisRefusalCode {
  return code != null && (crisisRefusalCodes as readonly string[]).includes(code);
}

export function isPlanningRefusalCode(code: string | null | undefined): code is PlanningRefusalCode {
  return code != null && (planningRefusalCodes as readonly string[]).includes(code);
}

export function isInvalidInputCode(code: string | null | undefined): code is InvalidInputCode {
  return code != null && (invalidInputCodes as readonly string[]).includes(code);
}

export function isRiskAssessmentRefusalCode(code: string | null | undefined): code is RiskAssessmentRefusalCode {
  return code != null && (riskAssessmentRefusalCodes as readonly string[]).includes(code);
}
