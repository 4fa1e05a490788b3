import { z } from 'zod';

const id = z.string().min(1).max(200);
const instant = z.string().datetime();
const attempt = z
  .object({
    channel: z.enum(['in_app', 'email', 'phone', 'voice']),
    attempt: z.number().int().min(1),
    error: z.string().max(500),
  })
  .strict();

/** A contact was told about a task (after failed attempts on other channels, if any). */
export const notificationSentV1 = z
  .object({
    crisisId: id,
    taskId: id,
    contactId: id,
    channel: z.enum(['in_app', 'email', 'phone', 'voice']),
    /** What failed before this channel worked: the fallback is part of the record. */
    failedAttempts: z.array(attempt),
    sourceEventId: z.string().uuid(),
    sentAt: instant,
  })
  .strict();

/** Every channel of the contact failed after its retries. The task's escalation still runs. */
export const notificationFailedV1 = z
  .object({
    crisisId: id,
    taskId: id,
    contactId: id,
    failedAttempts: z.array(attempt).min(1),
    sourceEventId: z.string().uuid(),
    failedAt: instant,
  })
  .strict();

export const notificationEventSchemas = {
  NotificationSent: { schemaVersion: 1, schema: notificationSentV1 },
  NotificationFailed: { schemaVersion: 1, schema: notificationFailedV1 },
} as const;

/*
 * Delivery as durable workflow steps (issue 11, docs/adr/0010). A notification counts as delivered
 * only on a receipt: the live client of the organisation confirmed it (in-app), or the gateway
 * reported it delivered (SMS, voice), or the mail server accepted it for the mailbox (e-mail).
 */
const channel = z.enum(['in_app', 'email', 'phone', 'voice']);
const ref = z.string().min(1).max(128);
/** One attempt on one channel of one contact for one task: `<taskId>/<contactId>/<n>`. */
const attemptId = z.string().regex(/^[A-Za-z0-9:._@/-]{3,300}$/, 'must be an attempt id');

/** A message went out on a channel (or, in-app, the task was put live in the inbox). */
export const notificationAttemptedV1 = z
  .object({
    crisisId: ref,
    taskId: ref,
    contactId: ref,
    attemptId,
    channel,
    /** The gateway's or mail server's message id, when it gave one. */
    providerReference: z
      .string()
      .regex(/^[A-Za-z0-9:._@<>-]{1,200}$/)
      .optional(),
    attemptedAt: instant,
    /** If no receipt arrives by then, the next channel is tried. */
    windowEndsAt: instant,
    /**
     * In-app only: the API records the open client's receipt in the log itself and the workflow
     * reads it there when the window ends (docs/adr/0046). Absent: the receipt goes to the workflow.
     */
    receiptInLog: z.literal(true).optional(),
  })
  .strict();

/** The receipt: the message arrived. */
export const notificationDeliveredV1 = z
  .object({
    crisisId: ref,
    taskId: ref,
    contactId: ref,
    attemptId,
    channel,
    /** in_app: the person whose open client confirmed receipt; gateway: the gateway. */
    confirmedBy: z.object({ id: ref, role: ref, organisationId: ref.optional() }).strict(),
    deliveredAt: instant,
  })
  .strict();

/** The attempt did not arrive in its window, or the channel reported failure; the next is tried. */
export const notificationNotDeliveredV1 = z
  .object({
    crisisId: ref,
    taskId: ref,
    contactId: ref,
    attemptId,
    channel,
    cause: z.enum(['window_passed', 'channel_failed', 'not_configured', 'no_address']),
    recordedAt: instant,
  })
  .strict();

/** A person of the task's organisation opened the task (inbox card or task page). */
export const notificationSeenV1 = z
  .object({
    crisisId: ref,
    taskId: ref,
    seenBy: z.object({ id: ref, role: ref, organisationId: ref.optional() }).strict(),
    seenAt: instant,
  })
  .strict();

/** Every channel of the contact was tried without a receipt. */
export const contactNotReachedV1 = z
  .object({ crisisId: ref, taskId: ref, contactId: ref, attempts: z.number().int().min(1), recordedAt: instant })
  .strict();

export const deliveryEventSchemas = {
  NotificationAttempted: { schemaVersion: 1, schema: notificationAttemptedV1 },
  NotificationDelivered: { schemaVersion: 1, schema: notificationDeliveredV1 },
  NotificationNotDelivered: { schemaVersion: 1, schema: notificationNotDeliveredV1 },
  NotificationSeen: { schemaVersion: 1, schema: notificationSeenV1 },
  ContactNotReached: { schemaVersion: 1, schema: contactNotReachedV1 },
} as const;

export type DeliveryEvent =
  | { type: 'NotificationAttempted'; data: z.infer<typeof notificationAttemptedV1> }
  | { type: 'NotificationDelivered'; data: z.infer<typeof notificationDeliveredV1> }
  | { type: 'NotificationNotDelivered'; data: z.infer<typeof notificationNotDeliveredV1> }
  | { type: 'NotificationSeen'; data: z.infer<typeof notificationSeenV1> }
  | { type: 'ContactNotReached'; data: z.infer<typeof contactNotReachedV1> };
