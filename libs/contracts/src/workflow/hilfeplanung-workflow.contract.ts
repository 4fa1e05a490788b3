import type { SealedText, SealedValue } from '../events/sealed-value';
import type {
  HilfeplanungEvent,
  HilfeplanungMessageEvent,
  HilfeplanungMessageKind,
  PlanningParty,
  StatementParty,
} from '../events/hilfeplanung.events';
import type { Actor, DeviceTime } from './crisis-workflow.contract';

/**
 * The help-planning clocks of a region, as data (from the cooperation agreement). Every deadline
 * is configurable; none is hard-wired in the workflow.
 */
export interface HilfeplanungRules {
  /** The Hilfeplangespräch must be scheduled within this many days after discharge (or start). */
  scheduleMeetingWithinDays: number;
  /** Statements are due this many days after they were requested. */
  statementDueDays: number;
  /** A missed statement is reminded once with this many extra days, then escalated. */
  statementGraceDays: number;
  /** Reminders go out this many hours before the meeting. */
  meetingReminderHoursBefore: number;
  /** Default review cadence (Fortschreibung), in months, when the plan names no date. */
  reviewIntervalMonths: number;
  /** After this many review cycles in one run, the workflow continues as new to keep history small. */
  cyclesPerRun: number;
}

export type PlanningOrigin =
  | { kind: 'discharge'; crisisId: string; dischargedAt: string }
  | { kind: 'manual'; clinicOrganisationId?: string }
  | { kind: 'review'; reason: 'scheduled' | 'requested' };

/** What survives continue-as-new: enough to carry on the cycle, nothing personal. */
export interface HilfeplanungCarryOver {
  /** The last completed cycle; the new run starts the next one at once. */
  cycle: number;
  lastPlanRecordedAt: string | null;
  nextReviewAt: string | null;
  reviewReason: 'scheduled' | 'requested';
}

export interface HilfeplanungWorkflowInput {
  planningId: string;
  caseId: string;
  origin: PlanningOrigin;
  rules: HilfeplanungRules;
  startedBy: Actor;
  startedAt: string;
  correlationId: string;
  carryOver?: HilfeplanungCarryOver;
}

export interface HilfeplanungWorkflowResult {
  planningId: string;
  outcome: 'ended';
  cycles: number;
}

export const hilfeplanungWorkflowType = 'hilfeplanungWorkflow';

/** How the young person or the guardians are invited: e-mail, SMS (`phone`) or not by hilfenetz. */
export type FamilyChannel = 'email' | 'phone' | 'none';

/**
 * The caseworker's choice for the family's invitation and reminder (organisations are always
 * written to on their agreement's channels). The guardians' addresses come from the case file; the
 * young person's number or address is given with the choice, sealed by the API under their key.
 */
export interface FamilyNotifyChoice {
  guardian: FamilyChannel;
  youngPerson: FamilyChannel;
  /** `{ phone }` or `{ email }` of the young person, sealed; present when youngPerson is not 'none'. */
  youngPersonContact?: SealedValue;
}

/** Update: the caseworker schedules the Hilfeplangespräch. */
export interface ScheduleMeetingArgs {
  meetingAt: string;
  by: Actor;
  at: string;
  /** Since patch `hilfeplanung-messages-sent`; absent: the family is not written to by hilfenetz. */
  notify?: FamilyNotifyChoice;
}

/** Update: a participant confirms or declines the invitation. */
export interface AnswerInvitationArgs {
  party: PlanningParty;
  answer: 'confirmed' | 'declined';
  /** Sealed by the API under the young person's key (docs/adr/0018): ciphertext only in Temporal. */
  reason?: SealedText;
  by: Actor;
  at: string;
  /** The device time of answering, for an answer given offline and sent later (X-Acted-At, bounded). */
  actedOnDevice?: DeviceTime;
}

/** Update: a requested statement arrives (content sealed by the API before it reaches Temporal). */
export interface SubmitStatementArgs {
  party: PlanningParty;
  content: SealedValue;
  by: Actor;
  at: string;
}

export interface PlanGoalInput {
  goalId: string;
  text: SealedValue;
}
export interface PlanMeasureInput {
  measureId: string;
  goalId: string;
  description: SealedValue;
  responsibleParty: PlanningParty;
  dueBy: string;
}

/** Update: the meeting was held; the plan, the young person's own view and the next review date. */
export interface RecordPlanArgs {
  heldAt: string;
  participants: PlanningParty[];
  youngPersonView: SealedValue;
  goals: PlanGoalInput[];
  measures: PlanMeasureInput[];
  /** ISO instant; omitted means the rules' default cadence. */
  nextReviewAt?: string;
  by: Actor;
  at: string;
}

/** Signal: any participant may ask for an earlier review. */
export interface RequestReviewArgs {
  requestedBy: PlanningParty;
  /** Sealed by the API (docs/adr/0018). */
  reason: SealedText;
  by: Actor;
  at: string;
}

/** Update: the help ends (Beendigung). */
export interface EndHelpArgs {
  reason: 'goals_reached' | 'moved_away' | 'transferred' | 'declined_by_family' | 'age_limit' | 'other';
  /** Sealed by the API (docs/adr/0018). */
  note?: SealedText;
  by: Actor;
  at: string;
}

export type PlanningPhase = 'awaiting_schedule' | 'meeting_scheduled' | 'plan_in_force' | 'ended';

export interface HilfeplanungLiveState {
  planningId: string;
  caseId: string;
  cycle: number;
  phase: PlanningPhase;
  meetingToBeScheduledBy: string | null;
  meetingAt: string | null;
  invitations: { party: PlanningParty; answer: 'pending' | 'confirmed' | 'declined' }[];
  statements: { party: StatementParty; status: 'requested' | 'reminded' | 'escalated' | 'submitted'; dueAt: string }[];
  nextReviewAt: string | null;
  schedulingEscalated: boolean;
  /** What was sent in this cycle and how far it got (added by the API from the case stream). */
  messages?: HilfeplanungMessageStatus[];
}

/** One message to one recipient, as the Hilfeplanung view shows it. */
export interface HilfeplanungMessageStatus {
  messageId: string;
  kind: HilfeplanungMessageKind;
  party: PlanningParty;
  recipientLabel: string;
  channel: 'email' | 'phone' | null;
  /** delivered: the mail server accepted it for the mailbox; sent: the SMS gateway took it. */
  status: 'delivered' | 'sent' | 'not_sent';
  cause?: 'not_configured' | 'no_address' | 'channel_failed';
  at: string;
}

export interface RecordHilfeplanungStepInput {
  caseId: string;
  planningId: string;
  step: string;
  events: (HilfeplanungEvent | HilfeplanungMessageEvent)[];
  actor: Actor;
  correlationId: string;
}

/** Whom a message goes to: ids, function labels and agreement addresses only. */
export interface HilfeplanungRecipient {
  party: PlanningParty;
  recipientId: string;
  recipientLabel: string;
  channel: 'email' | 'phone';
  /**
   * An agreement's function address (a desk's mailbox or number), or `case-file:guardian:<id>`,
   * or `case-file:young-person` (opened from the sealed contact by the sending activity).
   */
  address: string;
}

export interface ResolveHilfeplanungRecipientsInput {
  caseId: string;
  parties: PlanningParty[];
  guardian: FamilyChannel;
  youngPerson: FamilyChannel;
}

export interface ResolveHilfeplanungRecipientsResult {
  recipients: HilfeplanungRecipient[];
  /** Parties nobody could be found for (no organisation, no desk with e-mail or SMS, no guardian). */
  unresolved: { party: PlanningParty; recipientId: string; recipientLabel: string }[];
}

export interface SendHilfeplanungMessageInput {
  caseId: string;
  planningId: string;
  cycle: number;
  messageId: string;
  kind: HilfeplanungMessageKind;
  recipient: HilfeplanungRecipient;
  meetingAt?: string;
  dueAt?: string;
  youngPersonContact?: SealedValue;
}

export type SendHilfeplanungMessageResult =
  { outcome: 'sent'; providerReference?: string } | { outcome: 'not_configured' | 'no_address'; error: string };

export interface HilfeplanungActivities {
  recordHilfeplanungStep(input: RecordHilfeplanungStepInput): Promise<{ eventIds: string[]; duplicate: boolean }>;
  resolveHilfeplanungRecipients(
    input: ResolveHilfeplanungRecipientsInput,
  ): Promise<ResolveHilfeplanungRecipientsResult>;
  /** Throws (retried by Temporal) when the channel refused; the workflow records the final failure. */
  sendHilfeplanungMessage(input: SendHilfeplanungMessageInput): Promise<SendHilfeplanungMessageResult>;
}
