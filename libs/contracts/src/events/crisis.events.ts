import { z } from 'zod';

export const dangerKinds = ['self', 'others', 'self_and_others'] as const;
export const urgencies = ['immediate', 'urgent', 'soon'] as const;
export type DangerKind = (typeof dangerKinds)[number];
export type Urgency = (typeof urgencies)[number];

/** A pseudonymous case reference: never a name. Letters, digits and dashes. */
export const caseIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/, 'must be a pseudonymous case reference (3–64 letters, digits, dashes)');

export const crisisTriggeredV1 = z
  .object({
    crisisId: z.string().min(1),
    caseId: caseIdSchema,
    dangerKind: z.enum(dangerKinds),
    urgency: z.enum(urgencies),
    triggeredAt: z.string().datetime(),
  })
  .strict();
export type CrisisTriggeredData = z.infer<typeof crisisTriggeredV1>;

export const crisisCancelledV1 = z
  .object({
    crisisId: z.string().min(1),
    reason: z.string().min(3).max(500),
    cancelledAt: z.string().datetime(),
  })
  .strict();
export type CrisisCancelledData = z.infer<typeof crisisCancelledV1>;

/** Every event type with its current schema version and its payload schema. */
export const crisisEventSchemas = {
  CrisisTriggered: { schemaVersion: 1, schema: crisisTriggeredV1 },
  CrisisCancelled: { schemaVersion: 1, schema: crisisCancelledV1 },
} as const;

export type CrisisEvent =
  { type: 'CrisisTriggered'; data: CrisisTriggeredData } | { type: 'CrisisCancelled'; data: CrisisCancelledData };
