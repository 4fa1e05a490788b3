import type {
  MeetingMailPurpose,
  NetworkMeetingCommandArgs,
  NetworkMeetingEvent,
  NetworkMeetingLiveState,
  NetworkMeetingRules,
  NetworkMeetingScheduledData,
  NetworkMeetingSeriesCreatedData,
  SealedValue,
} from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { deepFreeze } from '../deep-freeze';

/*
 * A network meeting (issue 17 part 4, docs/adr/0038): topics proposed and voted before a
 * deadline, an agenda, attendance, a minute-taker, minutes drafted, approved and sent within a
 * deadline. Who may ask is the API's decision from the network; *when* a step may happen is
 * decided here, on the meeting's own events, by the workflow and by every read.
 */

export const networkMeetingDefaults: NetworkMeetingRules = { reminderDaysBefore: 7, minutesGraceDays: 7 };
export const DEFAULT_MINUTES_WITHIN_DAYS = 14;
const DAY = 86_400_000;

export interface MeetingTopic {
  topicId: string;
  organisationId: string;
  title: SealedValue;
  voters: string[];
}

export interface NetworkMeetingState {
  scheduled: NetworkMeetingScheduledData;
  topicsClosed: boolean;
  topics: MeetingTopic[];
  agenda: { topicId?: string; title: SealedValue }[];
  presentOrganisationIds: string[];
  minuteTakerOrganisationId: string | null;
  minutes: { text: SealedValue; approved: boolean } | null;
  minutesSent: boolean;
  minutesOverdue: 'no' | 'reminded' | 'escalated';
  mail: Record<MeetingMailPurpose, { sent: number; notSent: number }>;
}

export function newMeetingState(scheduled: NetworkMeetingScheduledData): NetworkMeetingState {
  return {
    scheduled,
    topicsClosed: false,
    topics: [],
    agenda: [],
    presentOrganisationIds: [],
    minuteTakerOrganisationId: null,
    minutes: null,
    minutesSent: false,
    minutesOverdue: 'no',
    mail: { invitation: { sent: 0, notSent: 0 }, reminder: { sent: 0, notSent: 0 }, minutes: { sent: 0, notSent: 0 } },
  };
}

/** Folds one of the meeting's events (scheduling starts it; everything else needs it). */
export function evolveMeeting(state: NetworkMeetingState | null, e: NetworkMeetingEvent): NetworkMeetingState | null {
  if (e.type === 'NetworkMeetingScheduled') return newMeetingState(e.data);
  if (!state) return null;
  switch (e.type) {
    case 'NetworkMeetingTopicProposed':
      return {
        ...state,
        topics: [
          ...state.topics,
          { topicId: e.data.topicId, organisationId: e.data.organisationId, title: e.data.title, voters: [] },
        ],
      };
    case 'NetworkMeetingTopicVoted':
      return {
        ...state,
        topics: state.topics.map((t) =>
          t.topicId === e.data.topicId ? { ...t, voters: [...t.voters, e.data.organisationId] } : t,
        ),
      };
    case 'NetworkMeetingTopicsClosed':
      return { ...state, topicsClosed: true };
    case 'NetworkMeetingAgendaSet':
      return { ...state, agenda: e.data.items };
    case 'NetworkMeetingAttendanceRecorded':
      return { ...state, presentOrganisationIds: e.data.presentOrganisationIds };
    case 'NetworkMeetingMinuteTakerChosen':
      return { ...state, minuteTakerOrganisationId: e.data.organisationId };
    case 'NetworkMeetingMinutesDrafted':
      return { ...state, minutes: { text: e.data.text, approved: false } };
    case 'NetworkMeetingMinutesApproved':
      return state.minutes ? { ...state, minutes: { ...state.minutes, approved: true } } : state;
    case 'NetworkMeetingMinutesDistributed':
      return { ...state, minutesSent: true };
    case 'NetworkMeetingMinutesReminderDue':
      return { ...state, minutesOverdue: 'reminded' };
    case 'NetworkMeetingMinutesOverdueEscalated':
      return { ...state, minutesOverdue: 'escalated' };
    case 'NetworkMeetingMailSent': {
      const m = state.mail[e.data.purpose];
      return { ...state, mail: { ...state.mail, [e.data.purpose]: { ...m, sent: m.sent + 1 } } };
    }
    case 'NetworkMeetingMailNotSent': {
      const m = state.mail[e.data.purpose];
      return { ...state, mail: { ...state.mail, [e.data.purpose]: { ...m, notSent: m.notSent + 1 } } };
    }
    default:
      return state;
  }
}

const MEETING_EVENT = /^NetworkMeeting(?!SeriesCreated)/;

/** Every meeting of a network, folded from the network's stream, in the order they were scheduled. */
export function foldNetworkMeetings(events: readonly { type: string; data: unknown }[]): NetworkMeetingState[] {
  const meetings = new Map<string, NetworkMeetingState>();
  for (const e of events) {
    if (!MEETING_EVENT.test(e.type)) continue;
    const ev = e as NetworkMeetingEvent;
    const id = (ev.data as { meetingId: string }).meetingId;
    const next = evolveMeeting(meetings.get(id) ?? null, ev);
    if (next) meetings.set(id, next);
  }
  return [...meetings.values()];
}

export function foldMeetingSeries(
  events: readonly { type: string; data: unknown }[],
): NetworkMeetingSeriesCreatedData[] {
  return events
    .filter((e) => e.type === 'NetworkMeetingSeriesCreated')
    .map((e) => e.data as NetworkMeetingSeriesCreatedData);
}

/** How many meetings and Fachtage a series has in a calendar year, to hold against its rule. */
export function seriesYearCount(meetings: readonly NetworkMeetingState[], seriesId: string, year: string) {
  const mine = meetings.filter((m) => m.scheduled.seriesId === seriesId && m.scheduled.startsAt.startsWith(year));
  return {
    meetings: mine.filter((m) => m.scheduled.kind === 'sitzung').length,
    fachtage: mine.filter((m) => m.scheduled.kind === 'fachtag').length,
  };
}

/**
 * The times of a meeting: it ends after it starts, and the topics close before it starts. A
 * meeting ahead takes topics until a deadline still to come; a meeting held already (documented
 * afterwards, within a year) has its topics closed and sends no invitation.
 */
export function refuseMeetingTimes(
  t: { startsAt: string; endsAt: string; topicsDueAt: string },
  now: string,
): { field: string; reason: string } | null {
  const [start, end, topics, at] = [t.startsAt, t.endsAt, t.topicsDueAt, now].map((x) => Date.parse(x)) as [
    number,
    number,
    number,
    number,
  ];
  if (start < at - 365 * DAY) return { field: 'body.startsAt', reason: 'lies more than a year back' };
  if (end <= start) return { field: 'body.endsAt', reason: 'must be after startsAt' };
  if (topics > start) return { field: 'body.topicsDueAt', reason: 'must not be after the start of the meeting' };
  if (start > at && topics <= at) {
    return { field: 'body.topicsDueAt', reason: 'must lie between now and the start of the meeting' };
  }
  return null;
}

export function minutesDueAt(endsAt: string, withinDays = DEFAULT_MINUTES_WITHIN_DAYS): string {
  return new Date(Date.parse(endsAt) + withinDays * DAY).toISOString();
}

export function meetingReminderAt(state: NetworkMeetingState, rules: NetworkMeetingRules): string {
  return new Date(Date.parse(state.scheduled.startsAt) - rules.reminderDaysBefore * DAY).toISOString();
}

export function minutesEscalationAt(state: NetworkMeetingState, rules: NetworkMeetingRules): string {
  return new Date(Date.parse(state.scheduled.minutesDueAt) + rules.minutesGraceDays * DAY).toISOString();
}

function refuse(code: string, message: string): never {
  throw new DomainRuleViolation(code, message);
}

const topicsOpen = (s: NetworkMeetingState, at: string) =>
  !s.topicsClosed && Date.parse(at) <= Date.parse(s.scheduled.topicsDueAt);
export const meetingTopicsOpen = topicsOpen;

const minutesOpen = (s: NetworkMeetingState) => {
  if (s.minutes?.approved) refuse('network_meeting.minutes_closed', 'The minutes are approved already.');
};
const held = (s: NetworkMeetingState, at: string) => {
  if (Date.parse(at) < Date.parse(s.scheduled.startsAt)) {
    refuse('network_meeting.not_held_yet', 'The meeting has not begun yet.');
  }
};

/** A command on a meeting: the events it records, or a refusal with a stable code. */
export function decideNetworkMeeting(s: NetworkMeetingState, args: NetworkMeetingCommandArgs): NetworkMeetingEvent[] {
  const { command: c, by, at } = args;
  const base = { networkId: s.scheduled.networkId, meetingId: s.scheduled.meetingId };
  switch (c.type) {
    case 'ProposeTopic':
      if (!topicsOpen(s, at)) refuse('network_meeting.topics_closed', 'The deadline for topics has passed.');
      return [
        {
          type: 'NetworkMeetingTopicProposed',
          data: { ...base, topicId: c.topicId, organisationId: by.organisationId, title: c.title, proposedAt: at },
        },
      ];
    case 'VoteTopic': {
      if (!topicsOpen(s, at)) refuse('network_meeting.topics_closed', 'The deadline for votes has passed.');
      const topic = s.topics.find((t) => t.topicId === c.topicId);
      if (!topic) refuse('network_meeting.topic_not_found', 'No such topic in this meeting.');
      if (topic.voters.includes(by.organisationId)) {
        refuse('network_meeting.already_voted', 'Your organisation voted for this topic already.');
      }
      return [
        {
          type: 'NetworkMeetingTopicVoted',
          data: { ...base, topicId: c.topicId, organisationId: by.organisationId, votedAt: at },
        },
      ];
    }
    case 'SetAgenda':
      minutesOpen(s);
      for (const item of c.items) {
        if (item.topicId && !s.topics.some((t) => t.topicId === item.topicId)) {
          refuse('network_meeting.topic_not_found', 'An agenda item names a topic this meeting does not have.');
        }
      }
      return [{ type: 'NetworkMeetingAgendaSet', data: { ...base, items: c.items, setAt: at } }];
    case 'RecordAttendance':
      held(s, at);
      minutesOpen(s);
      return [
        {
          type: 'NetworkMeetingAttendanceRecorded',
          data: { ...base, presentOrganisationIds: [...new Set(c.presentOrganisationIds)], recordedAt: at },
        },
      ];
    case 'ChooseMinuteTaker':
      minutesOpen(s);
      return [
        { type: 'NetworkMeetingMinuteTakerChosen', data: { ...base, organisationId: c.organisationId, chosenAt: at } },
      ];
    case 'DraftMinutes':
      held(s, at);
      minutesOpen(s);
      if (!c.byCoordinator && s.minuteTakerOrganisationId !== by.organisationId) {
        refuse(
          'network_meeting.not_minute_taker',
          'Only the minute-taker or the coordinating office drafts the minutes.',
        );
      }
      return [
        {
          type: 'NetworkMeetingMinutesDrafted',
          data: { ...base, text: c.text, draftedAt: at, draftedByOrganisationId: by.organisationId },
        },
      ];
    case 'ApproveMinutes':
      minutesOpen(s);
      if (!s.minutes) refuse('network_meeting.no_minutes', 'There are no minutes to approve yet.');
      return [{ type: 'NetworkMeetingMinutesApproved', data: { ...base, approvedAt: at } }];
  }
}

export function networkMeetingLiveState(s: NetworkMeetingState): NetworkMeetingLiveState {
  const minutesStatus = s.minutesSent ? 'sent' : s.minutes?.approved ? 'approved' : s.minutes ? 'drafted' : 'none';
  return {
    meetingId: s.scheduled.meetingId,
    status: s.minutesSent
      ? 'minutes_sent'
      : s.minutes?.approved
        ? 'minutes_approved'
        : s.topicsClosed
          ? 'topics_closed'
          : 'scheduled',
    minutesStatus,
    minutesOverdue: s.minutesOverdue,
  };
}

deepFreeze(networkMeetingDefaults);
