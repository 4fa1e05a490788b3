import { z } from 'zod';
import { networkIdSchema, organisationIdSchema, partnerContactIdSchema, subNetworkIdSchema } from './network.events';
import { sealedValueSchema } from './sealed-value';

/*
 * The network's meetings (issue 17 part 4, docs/adr/0038) and the yearly confirmation of a
 * contact's data (part 2). Every fact is an event on the network's stream `network-<networkId>`:
 * the series by the API, each meeting's steps by its workflow. Topics, agenda items and the
 * minutes are free text that may name people: sealed under the meeting's own key, never in clear.
 */

export const meetingSeriesIdSchema = z.string().regex(/^mser-[0-9a-f-]{36}$/, 'must be a series id (mser-…)');
export const meetingIdSchema = z.string().regex(/^mtg-[0-9a-f-]{36}$/, 'must be a meeting id (mtg-…)');
export const meetingTopicIdSchema = z.string().regex(/^top-[0-9a-f-]{36}$/, 'must be a topic id (top-…)');

/** A Netzwerktreffen, or the yearly Fachtag (Darmstadt-Dieburg: three meetings and one Fachtag). */
export const meetingKinds = ['sitzung', 'fachtag'] as const;
export type MeetingKind = (typeof meetingKinds)[number];

/** The series' rule: so many meetings and Fachtage a year (Stormarn/Lüneburg: at least 2; Darmstadt-Dieburg: 3 + 1). */
export const meetingRuleSchema = z
  .object({
    meetingsPerYear: z.number().int().min(1).max(12),
    fachtagePerYear: z.number().int().min(0).max(4),
  })
  .strict();
export type MeetingRule = z.infer<typeof meetingRuleSchema>;

const iso = z.string().datetime();
const base = { networkId: networkIdSchema, meetingId: meetingIdSchema };

export const networkMeetingSeriesCreatedV1 = z
  .object({
    networkId: networkIdSchema,
    seriesId: meetingSeriesIdSchema,
    name: z.string().trim().min(3).max(120),
    subNetworkId: subNetworkIdSchema.optional(),
    rule: meetingRuleSchema,
    createdAt: iso,
  })
  .strict();
export type NetworkMeetingSeriesCreatedData = z.infer<typeof networkMeetingSeriesCreatedV1>;

/** Organisational data only (title, time, room): the invitation and the calendar entry carry them. */
export const networkMeetingScheduledV1 = z
  .object({
    ...base,
    seriesId: meetingSeriesIdSchema,
    kind: z.enum(meetingKinds),
    title: z.string().trim().min(3).max(120),
    startsAt: iso,
    endsAt: iso,
    room: z.string().trim().min(2).max(200).optional(),
    topicsDueAt: iso,
    minutesDueAt: iso,
    /** The meeting's own key: topics, agenda and minutes are sealed under it. */
    subjectId: z.string().min(1),
    scheduledAt: iso,
  })
  .strict();
export type NetworkMeetingScheduledData = z.infer<typeof networkMeetingScheduledV1>;

export const networkMeetingTopicProposedV1 = z
  .object({
    ...base,
    topicId: meetingTopicIdSchema,
    organisationId: organisationIdSchema,
    title: sealedValueSchema,
    proposedAt: iso,
  })
  .strict();

/** One vote per organisation and topic. */
export const networkMeetingTopicVotedV1 = z
  .object({ ...base, topicId: meetingTopicIdSchema, organisationId: organisationIdSchema, votedAt: iso })
  .strict();

export const networkMeetingTopicsClosedV1 = z.object({ ...base, closedAt: iso }).strict();

export const meetingAgendaItemSchema = z
  .object({ topicId: meetingTopicIdSchema.optional(), title: sealedValueSchema })
  .strict();
export const networkMeetingAgendaSetV1 = z
  .object({ ...base, items: z.array(meetingAgendaItemSchema).min(1).max(30), setAt: iso })
  .strict();

/** What a mail of the meeting was for. */
export const meetingMailPurposes = ['invitation', 'reminder', 'minutes'] as const;
export type MeetingMailPurpose = (typeof meetingMailPurposes)[number];

/** The channel took the mail for this partner's contact (as the Hilfeplanung's messages are counted). */
export const networkMeetingMailSentV1 = z
  .object({
    ...base,
    purpose: z.enum(meetingMailPurposes),
    organisationId: organisationIdSchema,
    contactId: partnerContactIdSchema,
    providerReference: z
      .string()
      .regex(/^[A-Za-z0-9:._@<>-]{1,200}$/)
      .optional(),
    sentAt: iso,
  })
  .strict();

/** Nobody at this partner could be sent the mail; the page shows why. */
export const networkMeetingMailNotSentV1 = z
  .object({
    ...base,
    purpose: z.enum(meetingMailPurposes),
    organisationId: organisationIdSchema,
    cause: z.enum(['no_contact', 'no_consent', 'not_configured', 'channel_failed']),
    recordedAt: iso,
  })
  .strict();

export const networkMeetingAttendanceRecordedV1 = z
  .object({ ...base, presentOrganisationIds: z.array(organisationIdSchema).max(200), recordedAt: iso })
  .strict();

export const networkMeetingMinuteTakerChosenV1 = z
  .object({ ...base, organisationId: organisationIdSchema, chosenAt: iso })
  .strict();

export const networkMeetingMinutesDraftedV1 = z
  .object({ ...base, text: sealedValueSchema, draftedAt: iso, draftedByOrganisationId: organisationIdSchema })
  .strict();

export const networkMeetingMinutesApprovedV1 = z.object({ ...base, approvedAt: iso }).strict();

/** The approved minutes went out as PDF to every partner that could be reached. */
export const networkMeetingMinutesDistributedV1 = z
  .object({ ...base, sent: z.number().int().min(0), notSent: z.number().int().min(0), distributedAt: iso })
  .strict();

/** The minutes were not sent by their deadline: the coordinating office is reminded. */
export const networkMeetingMinutesReminderDueV1 = z.object({ ...base, dueAt: iso, remindedAt: iso }).strict();

/** Still no minutes after the reminder: the coordinator's inbox shows it. */
export const networkMeetingMinutesOverdueEscalatedV1 = z.object({ ...base, escalatedAt: iso }).strict();

export const networkMeetingEventSchemas = {
  NetworkMeetingSeriesCreated: { schemaVersion: 1, schema: networkMeetingSeriesCreatedV1 },
  NetworkMeetingScheduled: { schemaVersion: 1, schema: networkMeetingScheduledV1 },
  NetworkMeetingTopicProposed: { schemaVersion: 1, schema: networkMeetingTopicProposedV1 },
  NetworkMeetingTopicVoted: { schemaVersion: 1, schema: networkMeetingTopicVotedV1 },
  NetworkMeetingTopicsClosed: { schemaVersion: 1, schema: networkMeetingTopicsClosedV1 },
  NetworkMeetingAgendaSet: { schemaVersion: 1, schema: networkMeetingAgendaSetV1 },
  NetworkMeetingMailSent: { schemaVersion: 1, schema: networkMeetingMailSentV1 },
  NetworkMeetingMailNotSent: { schemaVersion: 1, schema: networkMeetingMailNotSentV1 },
  NetworkMeetingAttendanceRecorded: { schemaVersion: 1, schema: networkMeetingAttendanceRecordedV1 },
  NetworkMeetingMinuteTakerChosen: { schemaVersion: 1, schema: networkMeetingMinuteTakerChosenV1 },
  NetworkMeetingMinutesDrafted: { schemaVersion: 1, schema: networkMeetingMinutesDraftedV1 },
  NetworkMeetingMinutesApproved: { schemaVersion: 1, schema: networkMeetingMinutesApprovedV1 },
  NetworkMeetingMinutesDistributed: { schemaVersion: 1, schema: networkMeetingMinutesDistributedV1 },
  NetworkMeetingMinutesReminderDue: { schemaVersion: 1, schema: networkMeetingMinutesReminderDueV1 },
  NetworkMeetingMinutesOverdueEscalated: { schemaVersion: 1, schema: networkMeetingMinutesOverdueEscalatedV1 },
} as const;

/** The events a meeting's workflow records, as its decisions produce them. */
export type NetworkMeetingEvent = {
  [K in keyof typeof networkMeetingEventSchemas]: {
    type: K;
    data: z.infer<(typeof networkMeetingEventSchemas)[K]['schema']>;
  };
}[keyof typeof networkMeetingEventSchemas];
