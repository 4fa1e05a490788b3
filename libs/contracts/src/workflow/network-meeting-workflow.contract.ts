import type { SealedValue } from '../events/sealed-value';
import type { MeetingKind, MeetingMailPurpose, NetworkMeetingEvent } from '../events/network-meeting.events';
import type { Actor } from './crisis-workflow.contract';

export const networkMeetingWorkflowType = 'networkMeetingWorkflow';

/** The meeting's clocks; defaults in libs/domain (networkMeetingDefaults). */
export interface NetworkMeetingRules {
  /** The reminder goes out this many days before the meeting. */
  reminderDaysBefore: number;
  /** Missed minutes are reminded once, then escalated after this many more days. */
  minutesGraceDays: number;
}

export interface NetworkMeetingWorkflowInput {
  networkId: string;
  seriesId: string;
  meetingId: string;
  kind: MeetingKind;
  title: string;
  startsAt: string;
  endsAt: string;
  room?: string;
  topicsDueAt: string;
  minutesDueAt: string;
  subjectId: string;
  rules: NetworkMeetingRules;
  scheduledBy: Actor;
  scheduledAt: string;
  correlationId: string;
}

/**
 * What the API asks of a running meeting. Who may ask (coordinating office, member, minute-taker's
 * organisation) the API has decided from the network; the workflow decides *when* (deadlines,
 * order of the steps). Free text arrives sealed.
 */
export type NetworkMeetingCommand =
  | { type: 'ProposeTopic'; topicId: string; title: SealedValue }
  | { type: 'VoteTopic'; topicId: string }
  | { type: 'SetAgenda'; items: { topicId?: string; title: SealedValue }[] }
  | { type: 'RecordAttendance'; presentOrganisationIds: string[] }
  | { type: 'ChooseMinuteTaker'; organisationId: string }
  | { type: 'DraftMinutes'; text: SealedValue; byCoordinator: boolean }
  | { type: 'ApproveMinutes' };

export interface NetworkMeetingCommandArgs {
  command: NetworkMeetingCommand;
  by: Actor & { organisationId: string };
  at: string;
}

export interface NetworkMeetingLiveState {
  meetingId: string;
  status: 'scheduled' | 'topics_closed' | 'minutes_approved' | 'minutes_sent';
  minutesStatus: 'none' | 'drafted' | 'approved' | 'sent';
  minutesOverdue: 'no' | 'reminded' | 'escalated';
}

export interface RecordNetworkMeetingStepInput {
  networkId: string;
  step: string;
  events: NetworkMeetingEvent[];
  actor: Actor;
  correlationId: string;
}

/** One partner's outcome of a mail; no address, no text (it enters the workflow history). */
export interface MeetingMailOutcome {
  organisationId: string;
  contactId?: string;
  outcome: 'sent' | 'no_contact' | 'no_consent' | 'not_configured' | 'channel_failed';
  providerReference?: string;
}

export interface SendNetworkMeetingMailInput {
  networkId: string;
  meetingId: string;
  purpose: MeetingMailPurpose;
}

export interface NetworkMeetingActivities {
  recordNetworkMeetingStep(input: RecordNetworkMeetingStepInput): Promise<{ eventIds: string[] }>;
  /** Opens the contacts' addresses and the sealed texts itself, sends, and answers per partner. */
  sendNetworkMeetingMail(input: SendNetworkMeetingMailInput): Promise<MeetingMailOutcome[]>;
}
