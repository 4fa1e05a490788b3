import {
  isErrorCode,
  isInvalidInputCode,
  type ApplicationErrorCode,
  type CrisisRefusalCode,
  type ErrorCode,
  type PlanningRefusalCode,
  isRiskAssessmentRefusalCode,
  riskAssessmentInvalidInputCodes,
  type RiskAssessmentRefusalCode,
} from '@hilfenetz/contracts';

/** How a refusal leaves the API: its HTTP status and the problem's title. */
export interface ProblemKind {
  status: number;
  title: string;
}

const NOT_YOUR_TASK = { status: 403, title: 'Not your task' };
const NOT_IN_THIS_STATE = { status: 409, title: 'Not possible in this state' };

const CRISIS_REFUSALS: Record<CrisisRefusalCode, ProblemKind> = {
  'task.wrong_organisation': NOT_YOUR_TASK,
  'task.not_permitted': NOT_YOUR_TASK,
  'task.unknown': { status: 404, title: 'Task not found' },
  'task.not_open': NOT_IN_THIS_STATE,
  'crisis.not_open': NOT_IN_THIS_STATE,
  'crisis.not_admitted': NOT_IN_THIS_STATE,
  'admission.follow_up_required': { status: 422, title: 'Unprocessable request' },
  'task.unknown_reason_category': { status: 400, title: 'Invalid request' },
};

const APPLICATION_ERRORS: Record<ApplicationErrorCode, ProblemKind> = {
  'request.invalid': { status: 400, title: 'Invalid request' },
  'request.idempotency_key_required': { status: 400, title: 'Idempotency-Key required' },
  'request.idempotency_key_reused': { status: 422, title: 'Idempotency-Key reused' },
  'access.forbidden': { status: 403, title: 'Forbidden' },
  'access.break_glass_required': { status: 403, title: 'Break-glass required' },
  'access.break_glass_reason_invalid': { status: 400, title: 'Invalid break-glass reason' },
  'access.rate_limited': { status: 429, title: 'Too Many Requests' },
  'break_glass_review.not_found': { status: 404, title: 'Review not found' },
  'break_glass_review.decided': { status: 409, title: 'Review decided' },
  'case.not_found': { status: 404, title: 'Case not found' },
  'case.exists': { status: 409, title: 'Case exists' },
  'case.not_registered': { status: 422, title: 'Case not registered' },
  'case.reference_not_own': { status: 422, title: 'Not a reference of your office' },
  'case.erased': { status: 409, title: 'Case erased' },
  'case.legal_hold': { status: 409, title: 'Legal hold' },
  'crisis.not_found': { status: 404, title: 'Crisis not found' },
  'crisis.closed': { status: 409, title: 'Crisis not open' },
  'crisis.details_erased': { status: 422, title: 'Case erased' },
  'guardian.not_found': { status: 404, title: 'Guardian not found' },
  'guardian.too_many': { status: 422, title: 'Too many guardians' },
  'guardian.no_rank_left': { status: 422, title: 'No rank left' },
  'agreement.none_in_force': { status: 422, title: 'No cooperation agreement' },
  'agreement.not_partner': { status: 422, title: 'Not a partner of the agreement' },
  'agreement.invalid': { status: 400, title: 'Invalid agreement' },
  'agreement.version_not_found': { status: 404, title: 'Agreement version not found' },
  'agreement.version_exists': { status: 409, title: 'Agreement version exists' },
  'agreement.not_named': { status: 403, title: 'Not a partner of this agreement version' },
  'agreement.version_ended': { status: 409, title: 'Agreement version ended' },
  'agreement.not_signed': { status: 409, title: 'Not signed' },
  'planning.exists': { status: 409, title: 'Hilfeplanung exists' },
  'planning.not_found': { status: 404, title: 'No Hilfeplanung' },
  'planning.closed': { status: 409, title: 'Hilfeplanung ended' },
  'planning.no_plan_in_force': { status: 409, title: 'No plan in force' },
  'planning.plan_not_recorded': { status: 404, title: 'No plan' },
  'planning.not_your_party': { status: 403, title: 'Forbidden' },
  'risk_assessment.not_found': { status: 404, title: 'No such risk assessment' },
  'kkg_feedback.not_found': { status: 404, title: 'No such §4 KKG report' },
  'quality_item.not_found': { status: 404, title: 'No such item at an interface' },
  'weakness.not_found': { status: 404, title: 'No such register entry' },
  'network.not_found': { status: 404, title: 'Network not found' },
  'network.exists': { status: 409, title: 'Network exists' },
  'network.not_member': { status: 403, title: 'Not a member of this network' },
  'network.not_coordinator': { status: 403, title: 'Not the coordinating office' },
  'network.not_your_partner': { status: 403, title: 'Not your partner organisation' },
  'network.partner_not_found': { status: 404, title: 'Partner not found' },
  'network.partner_exists': { status: 409, title: 'Already a partner' },
  'network.sub_network_unknown': { status: 422, title: 'Unknown sub-network' },
  'network.agreement_not_signed': { status: 422, title: 'Agreement version not signed' },
  'network.contact_exists': { status: 409, title: 'Contact exists' },
  'network.contact_missing': { status: 404, title: 'Kontakt fehlt' },
  'network.consent_invalid': { status: 422, title: 'Consent not valid' },
  'network.offer_not_found': { status: 404, title: 'Offer not found' },
  'network_meeting.series_not_found': { status: 404, title: 'Meeting series not found' },
  'network_meeting.not_found': { status: 404, title: 'Meeting not found' },
  'network_meeting.topic_not_found': { status: 404, title: 'Topic not found' },
  'network_meeting.topics_closed': { status: 409, title: 'Topic deadline passed' },
  'network_meeting.already_voted': { status: 409, title: 'Already voted' },
  'network_meeting.not_held_yet': { status: 409, title: 'Meeting not held yet' },
  'network_meeting.no_minutes': { status: 409, title: 'No minutes drafted' },
  'network_meeting.minutes_closed': { status: 409, title: 'Minutes approved already' },
  'network_meeting.not_minute_taker': { status: 403, title: 'Not the minute-taker' },
  'network_meeting.invalid_times': { status: 422, title: 'Meeting times not valid' },
  'network_meeting.not_a_partner': { status: 422, title: 'Not a partner of the network' },
  'network.consultation_not_found': { status: 404, title: 'Consultation not found' },
  'network.not_addressed': { status: 403, title: 'Not addressed to your organisation' },
  'network.referral_not_found': { status: 404, title: 'Referral not found' },
  'network.referral_decided': { status: 409, title: 'Referral already decided' },
  'network.referral_erased': { status: 409, title: 'Referral erased' },
  'network.goal_not_found': { status: 404, title: 'Annual goal not found' },
  'delivery.task_not_found': { status: 404, title: 'Task not found' },
  'delivery.signature_invalid': { status: 401, title: 'Invalid signature' },
  'delivery.reference_unknown': { status: 422, title: 'Unknown reference' },
  'guardian_code.locked': { status: 429, title: 'Too many wrong codes' },
  'guardian_code.invalid': { status: 422, title: 'Code not valid' },
  'export.too_large': { status: 422, title: 'Export too large' },
  'engine.unavailable': { status: 503, title: 'Service unavailable' },
  'server.busy': { status: 503, title: 'Service unavailable' },
};

/** A planning refusal: 422 when the input breaks a rule, 409 when it comes at the wrong time. */
const planningProblem = (code: PlanningRefusalCode): ProblemKind => ({
  status: isInvalidInputCode(code) ? 422 : 409,
  title: 'Refused by the help planning',
});

/** A §8a refusal: 422 when the input breaks a rule, 409 when it comes at the wrong time. */
const riskAssessmentProblem = (code: RiskAssessmentRefusalCode): ProblemKind => ({
  status: (riskAssessmentInvalidInputCodes as readonly string[]).includes(code) ? 422 : 409,
  title: 'Refused by the risk assessment',
});

/** The one table from refusal code to HTTP: every code of the union has its status and title. */
export function problemKindOf(code: ErrorCode): ProblemKind {
  if (code in CRISIS_REFUSALS) return CRISIS_REFUSALS[code as CrisisRefusalCode];
  if (code in APPLICATION_ERRORS) return APPLICATION_ERRORS[code as ApplicationErrorCode];
  if (isRiskAssessmentRefusalCode(code)) return riskAssessmentProblem(code);
  return planningProblem(code as PlanningRefusalCode);
}

/** The problem kind of a code from outside (a workflow failure's type), or null for an unknown one. */
export function problemKindOfCode(code: string | null | undefined): ProblemKind | null {
  return isErrorCode(code) ? problemKindOf(code) : null;
}
