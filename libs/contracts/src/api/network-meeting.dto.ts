import { z } from 'zod';
import {
  meetingKinds,
  meetingMailPurposes,
  meetingRuleSchema,
  meetingTopicIdSchema,
} from '../events/network-meeting.events';
import { organisationIdSchema, subNetworkIdSchema } from '../events/network.events';

/** Free text of a meeting (topic, agenda item, minutes): may name people, so it is sealed when stored. */
const line = z.string().trim().min(3, 'must not be empty (at least 3 characters)').max(300);
const iso = z.string().datetime({ offset: true, message: 'must be a date-time, e.g. 2027-03-10T16:00:00+01:00' });

export const createMeetingSeriesRequest = z
  .object({
    name: z.string().trim().min(3).max(120),
    subNetworkId: subNetworkIdSchema.optional(),
    rule: meetingRuleSchema,
  })
  .strict();
export type CreateMeetingSeriesRequest = z.infer<typeof createMeetingSeriesRequest>;

export const scheduleNetworkMeetingRequest = z
  .object({
    seriesId: z.string().regex(/^mser-[0-9a-f-]{36}$/, 'must be a series id (mser-…)'),
    kind: z.enum(meetingKinds),
    title: z.string().trim().min(3).max(120),
    startsAt: iso,
    endsAt: iso,
    room: z.string().trim().min(2).max(200).optional(),
    /** Until when partners propose and vote topics. */
    topicsDueAt: iso,
    /** Days after the meeting by which the minutes go out (default 14). */
    minutesWithinDays: z.number().int().min(1).max(60).optional(),
  })
  .strict();
export type ScheduleNetworkMeetingRequest = z.infer<typeof scheduleNetworkMeetingRequest>;

export const proposeTopicRequest = z.object({ title: line }).strict();
export type ProposeTopicRequest = z.infer<typeof proposeTopicRequest>;

export const setAgendaRequest = z
  .object({
    items: z
      .array(z.object({ topicId: meetingTopicIdSchema.optional(), title: line }).strict())
      .min(1)
      .max(30),
  })
  .strict();
export type SetAgendaRequest = z.infer<typeof setAgendaRequest>;

export const recordAttendanceRequest = z
  .object({ presentOrganisationIds: z.array(organisationIdSchema).max(200) })
  .strict();
export type RecordAttendanceRequest = z.infer<typeof recordAttendanceRequest>;

export const chooseMinuteTakerRequest = z.object({ organisationId: organisationIdSchema }).strict();
export type ChooseMinuteTakerRequest = z.infer<typeof chooseMinuteTakerRequest>;

export const draftMinutesRequest = z
  .object({ text: z.string().trim().min(10, 'must not be empty (at least 10 characters)').max(20_000) })
  .strict();
export type DraftMinutesRequest = z.infer<typeof draftMinutesRequest>;

export const meetingSeriesViewSchema = z.object({
  seriesId: z.string(),
  name: z.string(),
  subNetworkId: z.string().optional(),
  rule: meetingRuleSchema,
  /** Meetings of the current calendar year, against the rule. */
  thisYear: z.object({ meetings: z.number().int(), fachtage: z.number().int() }),
});

export const meetingSummarySchema = z.object({
  meetingId: z.string(),
  seriesId: z.string(),
  kind: z.enum(meetingKinds),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  room: z.string().optional(),
  topicsDueAt: z.string(),
  minutesDueAt: z.string(),
  minutesStatus: z.enum(['none', 'drafted', 'approved', 'sent']),
  minutesOverdue: z.enum(['no', 'reminded', 'escalated']),
});
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;

export const meetingListSchema = z.object({
  series: z.array(meetingSeriesViewSchema),
  meetings: z.array(meetingSummarySchema),
});
export type MeetingList = z.infer<typeof meetingListSchema>;

const opened = z.string().nullable().describe('the clear text, or null when its key is gone');

export const meetingViewSchema = meetingSummarySchema.extend({
  topicsOpen: z.boolean(),
  topics: z.array(
    z.object({
      topicId: z.string(),
      organisationId: z.string(),
      title: opened,
      votes: z.number().int(),
      votedByMe: z.boolean(),
    }),
  ),
  agenda: z.array(z.object({ topicId: z.string().optional(), title: opened })),
  presentOrganisationIds: z.array(z.string()),
  minuteTakerOrganisationId: z.string().nullable(),
  /** The draft for the coordinating office and the minute-taker; the approved minutes for every member. */
  minutes: z.object({ text: opened }).nullable(),
  mail: z.array(z.object({ purpose: z.enum(meetingMailPurposes), sent: z.number().int(), notSent: z.number().int() })),
  mayManage: z.boolean(),
  mayDraftMinutes: z.boolean(),
});
export type MeetingView = z.infer<typeof meetingViewSchema>;
