import { z } from 'zod';
import { caseIdSchema } from './crisis.events';
import { freeTextSchema, sealedTextSchema, sealedValueSchema } from './sealed-value';

/** Who takes part in help planning (§36 SGB VIII; seed 002: the clinic actively involved). */
export const planningParties = ['young_person', 'guardian', 'provider', 'clinic', 'youth_office'] as const;
export type PlanningParty = (typeof planningParties)[number];

/** Whose written statement (Stellungnahme) is requested each cycle. */
export const statementParties = ['clinic', 'provider'] as const;
export type StatementParty = (typeof statementParties)[number];

const iso = z.string().datetime();
const base = { planningId: z.string().min(1), caseId: caseIdSchema, cycle: z.number().int().min(1) };

export const hilfeplanungStartedV1 = z
  .object({
    ...base,
    origin: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('discharge'), crisisId: z.string().min(1), dischargedAt: iso }).strict(),
      // The clinic taking part, when the youth office names one (after a discharge it is known).
      z.object({ kind: z.literal('manual'), clinicOrganisationId: z.string().min(1).max(128).optional() }).strict(),
      z.object({ kind: z.literal('review'), reason: z.enum(['scheduled', 'requested']) }).strict(),
    ]),
    startedAt: iso,
    meetingToBeScheduledBy: iso,
  })
  .strict();

export const statementRequestedV1 = z
  .object({ ...base, party: z.enum(statementParties), dueAt: iso, requestedAt: iso })
  .strict();

export const meetingScheduledV1 = z
  .object({ ...base, meetingAt: iso, invited: z.array(z.enum(planningParties)).min(1), scheduledAt: iso })
  .strict();

/** Version 1 kept the reason in clear; read through the upcaster (docs/adr/0018). */
export const invitationAnsweredV1 = z
  .object({
    ...base,
    party: z.enum(planningParties),
    answer: z.enum(['confirmed', 'declined']),
    reason: z.string().max(500).optional(),
    answeredAt: iso,
  })
  .strict();
/** The reason sealed under the young person's key. */
export const invitationAnsweredV2 = invitationAnsweredV1.extend({
  reason: sealedTextSchema.optional(),
  /** Answered offline and sent later (issue 19): the device time, bounded; `answeredAt` is the arrival. */
  actedOnDevice: z.object({ at: iso, bounded: z.boolean() }).strict().optional(),
});
export const invitationAnsweredRead = invitationAnsweredV2.extend({ reason: freeTextSchema.optional() });

export const meetingReminderSentV1 = z
  .object({ ...base, meetingAt: iso, remindedParties: z.array(z.enum(planningParties)), sentAt: iso })
  .strict();

export const schedulingOverdueV1 = z
  .object({ ...base, dueAt: iso, escalatedTo: z.literal('supervisor'), escalatedAt: iso })
  .strict();

export const statementSubmittedV1 = z
  .object({ ...base, party: z.enum(statementParties), content: sealedValueSchema, submittedAt: iso })
  .strict();

export const statementReminderSentV1 = z
  .object({ ...base, party: z.enum(statementParties), missedDueAt: iso, newDueAt: iso, sentAt: iso })
  .strict();

export const statementOverdueEscalatedV1 = z
  .object({
    ...base,
    party: z.enum(statementParties),
    missedDueAt: iso,
    escalatedTo: z.literal('supervisor'),
    escalatedAt: iso,
  })
  .strict();

export const hilfeplanRecordedV1 = z
  .object({
    ...base,
    heldAt: iso,
    participants: z.array(z.enum(planningParties)).min(1),
    /** The young person's own view, in their words (sealed: personal data). */
    youngPersonView: sealedValueSchema,
    goals: z.array(z.object({ goalId: z.string().min(1), text: sealedValueSchema }).strict()).min(1),
    measures: z.array(
      z
        .object({
          measureId: z.string().min(1),
          goalId: z.string().min(1),
          description: sealedValueSchema,
          responsibleParty: z.enum(planningParties),
          dueBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        })
        .strict(),
    ),
    nextReviewAt: iso,
    recordedAt: iso,
  })
  .strict();

/** Version 1 kept the reason in clear; read through the upcaster (docs/adr/0018). */
export const reviewRequestedV1 = z
  .object({ ...base, requestedBy: z.enum(planningParties), reason: z.string().min(3).max(500), requestedAt: iso })
  .strict();
export const reviewRequestedV2 = reviewRequestedV1.extend({ reason: sealedTextSchema });
export const reviewRequestedRead = reviewRequestedV2.extend({ reason: freeTextSchema });

/** Version 1 kept the note in clear; read through the upcaster (docs/adr/0018). */
export const helpEndedV1 = z
  .object({
    ...base,
    reason: z.enum(['goals_reached', 'moved_away', 'transferred', 'declined_by_family', 'age_limit', 'other']),
    note: z.string().max(500).optional(),
    endedAt: iso,
  })
  .strict();
/** The note sealed under the young person's key; the reason is a fixed category and stays clear. */
export const helpEndedV2 = helpEndedV1.extend({ note: sealedTextSchema.optional() });
export const helpEndedRead = helpEndedV2.extend({ note: freeTextSchema.optional() });

/*
 * Messages of the planning that really leave the system (issue 11 §4): invitations, statement
 * requests and reminders, one event per recipient and channel. Recipients are named by ids and the
 * agreement's function labels only; guardians and the young person by their place in the case file.
 */
export const hilfeplanungMessageKinds = [
  'invitation',
  'meeting_reminder',
  'statement_request',
  'statement_reminder',
] as const;
export type HilfeplanungMessageKind = (typeof hilfeplanungMessageKinds)[number];

const messageFields = {
  ...base,
  /** `<planningId>/c<cycle>/<message>/<recipientId>`: the reference on the wire (mail header, gateway). */
  messageId: z.string().regex(/^[A-Za-z0-9:._@/-]{3,300}$/, 'must be a message id'),
  kind: z.enum(hilfeplanungMessageKinds),
  party: z.enum(planningParties),
  /** An agreement contact id, `guardian:<guardianId>` or `young-person`. */
  recipientId: z.string().regex(/^[A-Za-z0-9:._-]{1,128}$/),
  /** The agreement's function label, or "Sorgeberechtigte Person N" / "Junger Mensch": no names. */
  recipientLabel: z.string().min(1).max(200),
};

/** The channel took the message (e-mail: the mail server accepted it; SMS: the gateway did). */
export const hilfeplanungMessageSentV1 = z
  .object({
    ...messageFields,
    channel: z.enum(['email', 'phone']),
    providerReference: z
      .string()
      .regex(/^[A-Za-z0-9:._@<>-]{1,200}$/)
      .optional(),
    sentAt: iso,
  })
  .strict();

/** Nobody could be sent this message on this way; the view shows why. */
export const hilfeplanungMessageNotSentV1 = z
  .object({
    ...messageFields,
    channel: z.enum(['email', 'phone']).optional(),
    cause: z.enum(['not_configured', 'no_address', 'channel_failed']),
    recordedAt: iso,
  })
  .strict();

const planningEventSchemas = {
  HilfeplanungStarted: { schemaVersion: 1, schema: hilfeplanungStartedV1 },
  StatementRequested: { schemaVersion: 1, schema: statementRequestedV1 },
  MeetingScheduled: { schemaVersion: 1, schema: meetingScheduledV1 },
  InvitationAnswered: { schemaVersion: 2, schema: invitationAnsweredV2, read: invitationAnsweredRead },
  MeetingReminderSent: { schemaVersion: 1, schema: meetingReminderSentV1 },
  SchedulingOverdue: { schemaVersion: 1, schema: schedulingOverdueV1 },
  StatementSubmitted: { schemaVersion: 1, schema: statementSubmittedV1 },
  StatementReminderSent: { schemaVersion: 1, schema: statementReminderSentV1 },
  StatementOverdueEscalated: { schemaVersion: 1, schema: statementOverdueEscalatedV1 },
  HilfeplanRecorded: { schemaVersion: 1, schema: hilfeplanRecordedV1 },
  ReviewRequested: { schemaVersion: 2, schema: reviewRequestedV2, read: reviewRequestedRead },
  HelpEnded: { schemaVersion: 2, schema: helpEndedV2, read: helpEndedRead },
} as const;

export const hilfeplanungMessageEventSchemas = {
  HilfeplanungMessageSent: { schemaVersion: 1, schema: hilfeplanungMessageSentV1 },
  HilfeplanungMessageNotSent: { schemaVersion: 1, schema: hilfeplanungMessageNotSentV1 },
} as const;

/** Every event the Hilfeplanung writes (the registry takes all of them). */
export const hilfeplanungEventSchemas = { ...planningEventSchemas, ...hilfeplanungMessageEventSchemas } as const;

/** Delivery facts beside the planning's decisions: they change no planning state (no evolve). */
export type HilfeplanungMessageEvent =
  | { type: 'HilfeplanungMessageSent'; data: z.infer<typeof hilfeplanungMessageSentV1> }
  | { type: 'HilfeplanungMessageNotSent'; data: z.infer<typeof hilfeplanungMessageNotSentV1> };

type Schemas = typeof planningEventSchemas;
export type HilfeplanungEventType = keyof Schemas;
/** The shape readers get: the `read` schema where older versions are upcast into it. */
type ReadSchemaOf<E> = E extends { read: infer R extends z.ZodTypeAny }
  ? R
  : E extends { schema: infer S extends z.ZodTypeAny }
    ? S
    : never;
/** The help-planning events as a discriminated union, derived from their schemas. */
export type HilfeplanungEvent = {
  [K in HilfeplanungEventType]: { type: K; data: z.infer<ReadSchemaOf<Schemas[K]>> };
}[HilfeplanungEventType];
export type HilfeplanungEventOf<K extends HilfeplanungEventType> = Extract<HilfeplanungEvent, { type: K }>;
