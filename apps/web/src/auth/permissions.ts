/** What the UI offers to whom. The API decides; this only hides what a role cannot use. */
const has = (roles: readonly string[], allowed: readonly string[]) => roles.some((r) => allowed.includes(r));

export const canTrigger = (roles: readonly string[]) => has(roles, ['caseworker', 'on_call', 'provider_staff']);
export const hasInbox = (roles: readonly string[]) =>
  has(roles, ['caseworker', 'on_call', 'provider_staff', 'clinic_staff', 'ambulance_dispatch', 'supervisor']);
export const canReadTimeline = (roles: readonly string[]) =>
  has(roles, ['caseworker', 'on_call', 'supervisor', 'auditor']);
/** Reading the cooperation agreements; administrators also propose and sign (page /vereinbarungen). */
export const canReadAgreements = (roles: readonly string[]) =>
  has(roles, ['caseworker', 'on_call', 'supervisor', 'auditor', 'administrator', 'clinic_staff', 'provider_staff']);
/** Reviewing partners' break-glass reads (Fachaufsicht) and following up the unjustified (Datenschutz). */
export const canReviewBreakGlass = (roles: readonly string[]) => has(roles, ['supervisor', 'data_protection_officer']);
/** The anonymised quality report (Runder Tisch): Leitung, Prüfung and network coordinators of the agreement's organisations. */
export const canReadQualityReport = (roles: readonly string[]) =>
  has(roles, ['supervisor', 'auditor', 'network_coordinator']);
/** The error analysis at the interfaces (Fehleranalyse): the lead office's Leitung and Fachkräfte name causes. */
export const canAnnotateInterfaceItems = (roles: readonly string[]) => has(roles, ['supervisor', 'caseworker']);
/** Registering a case and keeping its guardians: the youth office. */
export const canRegisterCase = (roles: readonly string[]) => has(roles, ['caseworker', 'on_call']);
/** Starting a §8a risk assessment: the youth office, or a Träger under its §8a (4) agreement. */
export const canStartRiskAssessment = (roles: readonly string[]) =>
  has(roles, ['caseworker', 'on_call', 'provider_staff']);
/** The network (issue 17): its coordinating office and the partners' contact persons. */
export const canUseNetwork = (roles: readonly string[]) => has(roles, ['network_coordinator', 'partner_contact']);
