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
