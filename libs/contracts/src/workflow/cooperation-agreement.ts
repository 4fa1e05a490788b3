import type { Role } from '../auth/roles';
import type { BriefingField } from '../api/briefing.dto';
import type { Urgency } from '../events/crisis.events';
import type { HilfeplanungRules } from './hilfeplanung-workflow.contract';
import type { RiskAssessmentDeadlines } from './risk-assessment-workflow.contract';
import type { KkgFeedbackDeadlines } from './kkg-feedback-workflow.contract';
/**
 * A region's cooperation agreement (Kooperationsvereinbarung) as data: who fills which role, how
 * to reach them, how long each party has to acknowledge a crisis and whom to call next when it
 * does not. Versions are immutable: a crisis runs under the version in force when it started.
 */

/** The parties notified at once when a crisis starts (seed 002: "zeitgleich"). */
export const crisisParties = ['ambulance', 'clinic', 'youth_office', 'provider', 'guardian'] as const;
export type CrisisParty = (typeof crisisParties)[number];

/** Tasks that arise later in a crisis, owned by one of the parties' organisations. */
export type FollowUpTaskKind = 'family_court_decision';

export type OrganisationRole =
  'youth_office' | 'youth_office_on_call' | 'provider' | 'clinic' | 'ambulance_dispatch' | 'guardian_contact';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface OfficeHours {
  /** Only German local time is modelled (CET/CEST with the EU switch rule). */
  timeZone: 'Europe/Berlin';
  /** Opening windows in local time, "HH:MM" to "HH:MM" (closing time exclusive). */
  weekly: { day: IsoWeekday; opens: string; closes: string }[];
  /** Local dates (YYYY-MM-DD) on which the office is closed although the weekday is open (holidays). */
  closedOn: string[];
}

export interface AgreementOrganisation {
  id: string;
  /** Name of the organisation (not a person). */
  name: string;
  roles: OrganisationRole[];
  officeHours?: OfficeHours;
}

export type ContactKind = 'desk' | 'on_call' | 'supervisor' | 'guardian';

/**
 * A reachable function (a desk, a rota, the supervisor's line), not a private person: so the
 * agreement holds no personal data and its ids may appear in events and workflow history.
 */
export interface AgreementContact {
  id: string;
  organisationId: string;
  kind: ContactKind;
  /** German label shown to people, e.g. "ASD Bezirk Nord". */
  label: string;
  /** In the order to try. `phone` is a text message (SMS), `voice` a call, both via the gateway. */
  channels: { kind: 'in_app' | 'phone' | 'voice' | 'email'; address: string }[];
}

/** One step of an escalation chain: when the previous contact's deadline passes, this contact is notified. */
export interface EscalationStep {
  kind: 'next_contact' | 'on_call' | 'supervisor';
  contactId: string;
  /** How long this contact has to acknowledge before the next step. */
  ackDeadlineMinutes: number;
}

/** Whom a party's task goes to first and where it goes next. */
export interface ContactRoute {
  firstContactId: string;
  ackDeadlineMinutes: number;
  escalation: EscalationStep[];
}

export interface PartyProtocol {
  party: CrisisParty;
  /** Roles (token claim) whose holders act for this party, within the task's organisation. */
  actingRoles: string[];
  route: ContactRoute;
  /**
   * Where the agreement routes differently outside the office hours of the first contact's
   * organisation (the youth office: Bereitschaftsdienst instead of the case worker).
   */
  outsideOfficeHours?: ContactRoute;
  /**
   * Provider only: the route when the case's Träger is one of these organisations. `route` belongs
   * to the Träger of its first contact, which also takes the cases with no Träger on file (libs/domain
   * `agreementForCase`; a case's crisis never goes to another case's Träger).
   */
  routesByOrganisation?: { organisationId: string; route: ContactRoute }[];
  /**
   * What happens when the chain is exhausted without an acknowledgement: the supervisor is
   * alerted, or (the guardian) the failed attempts are documented and the crisis goes on.
   */
  whenChainExhausted: 'supervisor' | 'document_unreachable';
}

/** How the statutory clock for the family-court decision (§1631b BGB, §42 (5) SGB VIII) is set. */
export type StatutoryDeadline = { kind: 'end_of_following_day' } | { kind: 'within_hours'; hours: number };

export interface FollowUpTaskProtocol {
  kind: FollowUpTaskKind;
  /** The party whose organisation owns the task. */
  ownerParty: CrisisParty;
  actingRoles: string[];
  deadline: StatutoryDeadline;
  legalBasis: string;
}

export const notAdmittedFollowUps = ['outpatient_appointment', 'return_to_provider', 'crisis_service_contact'] as const;
export type NotAdmittedFollowUp = (typeof notAdmittedFollowUps)[number];

export interface CooperationAgreement {
  /** Stable id of the agreement (one per region), e.g. "lindenau-kjp-kooperation". */
  agreementId: string;
  /** Immutable version label; a change to the agreement is a new version. */
  version: string;
  region: string;
  /** ISO instant from which this version governs new crises. */
  validFrom: string;
  organisations: AgreementOrganisation[];
  contacts: AgreementContact[];
  /** The supervisor (Fachaufsicht) at the end of every chain. */
  supervisorContactId: string;
  parties: Record<CrisisParty, PartyProtocol>;
  familyCourtDecision: FollowUpTaskProtocol;
  /** The follow-ups the partners agreed for a young person the clinic does not admit. */
  notAdmittedFollowUps: NotAdmittedFollowUp[];
  /** Need-to-know briefings per party; absent parties get the defaults (issue 11). */
  briefings?: BriefingGrants;
  /** Delivery windows per urgency and channel; absent entries take the defaults. */
  deliveryWindows?: DeliveryWindows;
  /**
   * The region's help-planning clocks (§ 36 SGB VIII); absent ones take the defaults (libs/domain
   * `defaultHilfeplanungRules`, read through `hilfeplanungRulesOf`).
   */
  hilfeplanung?: HilfeplanungDeadlines;
  /**
   * The region's §8a SGB VIII clocks (issue 18); absent ones take the defaults (libs/domain
   * `defaultRiskAssessmentRules`, read through `riskAssessmentRulesOf`).
   */
  riskAssessment?: RiskAssessmentDeadlines;
  /** The §4 (4) KKG feedback clock (issue 18 part 2); defaults `defaultKkgFeedbackRules`. */
  kkgFeedback?: KkgFeedbackDeadlines;
  /**
   * Who of the partner organisations may break the glass on the lead office's cases, and how the
   * read is reviewed; absent fields take the defaults (libs/domain `breakGlassRulesOf`, ADR 0019).
   */
  breakGlass?: BreakGlassRules;
  /**
   * The cause categories the lead office annotates items at the interfaces with (issue 18 §3);
   * absent, the defaults of libs/domain `defaultCauseCategories`.
   */
  qualityCauseCategories?: { id: string; label: string }[];
  /**
   * The categories a party declining a crisis task chooses from (issue 18 §3, counted per interface
   * in the quality report); absent, the defaults of libs/domain `defaultDeclineReasonCategories`.
   */
  declineReasonCategories?: { id: string; label: string }[];
}

/** An agreement's break-glass rules (issue 13, finding 3). */
export interface BreakGlassRules {
  /** Token roles of partner organisations' staff that may break the glass; default `['on_call']`. */
  roles?: Role[];
  /** How long one stated reason covers the reader's reads of that case; default 60. */
  coverMinutes?: number;
  /** How long the lead office's supervisor has to review a break-glass read; default 72. */
  reviewDeadlineHours?: number;
}

/** The deadlines of the Hilfeplanung an agreement may set (how often a run continues as new is not one). */
export type HilfeplanungDeadlines = Partial<Omit<HilfeplanungRules, 'cyclesPerRun'>>;

/** Who is briefed on what: per party, the facts of `briefingFields` its task holder is shown. */
export type BriefingGrants = Partial<Record<CrisisParty | FollowUpTaskKind, BriefingField[]>>;

/** Channels a contact can be reached on (`phone` = SMS, `voice` = a call, both via the gateway). */
export type DeliveryChannelKind = 'in_app' | 'phone' | 'voice' | 'email';

/**
 * How long a message on a channel may take to arrive (receipt) before the contact's next channel is
 * tried, in seconds, per urgency of the crisis. Defaults in libs/domain (`deliveryWindowSeconds`).
 */
export type DeliveryWindows = Partial<Record<Urgency, Partial<Record<DeliveryChannelKind, number>>>>;

/** What the crisis records about the agreement it runs under. */
export interface AgreementRef {
  agreementId: string;
  version: string;
}
