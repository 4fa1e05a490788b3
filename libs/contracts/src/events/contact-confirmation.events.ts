import { z } from 'zod';
import { networkIdSchema, organisationIdSchema, partnerContactIdSchema } from './network.events';

/*
 * The yearly confirmation of a partner contact's data (issue 17 part 2, docs/adr/0038): once a year
 * the contact is asked by e-mail to confirm their entry; confirming restarts the year; no answer
 * after the reminders shows „Kontaktdaten unbestätigt“ to the coordinating office (no erasure).
 * Events on the network's stream, recorded by the contact's confirmation workflow.
 */
const base = { networkId: networkIdSchema, organisationId: organisationIdSchema, contactId: partnerContactIdSchema };
const iso = z.string().datetime();

export const partnerContactConfirmationRequestedV1 = z
  .object({ ...base, dueAt: iso, mailed: z.boolean(), requestedAt: iso })
  .strict();
export const partnerContactConfirmationRemindedV1 = z
  .object({ ...base, reminder: z.number().int().min(1), mailed: z.boolean(), remindedAt: iso })
  .strict();
export const partnerContactConfirmationOverdueV1 = z.object({ ...base, overdueAt: iso }).strict();
export const partnerContactConfirmedV1 = z.object({ ...base, confirmedAt: iso }).strict();

export const contactConfirmationEventSchemas = {
  PartnerContactConfirmationRequested: { schemaVersion: 1, schema: partnerContactConfirmationRequestedV1 },
  PartnerContactConfirmationReminded: { schemaVersion: 1, schema: partnerContactConfirmationRemindedV1 },
  PartnerContactConfirmationOverdue: { schemaVersion: 1, schema: partnerContactConfirmationOverdueV1 },
  PartnerContactConfirmed: { schemaVersion: 1, schema: partnerContactConfirmedV1 },
} as const;

export type ContactConfirmationEvent = {
  [K in keyof typeof contactConfirmationEventSchemas]: {
    type: K;
    data: z.infer<(typeof contactConfirmationEventSchemas)[K]['schema']>;
  };
}[keyof typeof contactConfirmationEventSchemas];

/** What the coordinating office sees per partner contact. */
export const contactConfirmationStatusSchema = z.object({
  organisationId: z.string(),
  contactId: z.string(),
  status: z.enum(['confirmed', 'requested', 'unconfirmed']),
  /** The consent or the last confirmation: the year runs from here. */
  lastConfirmedAt: z.string(),
});
export type ContactConfirmationStatus = z.infer<typeof contactConfirmationStatusSchema>;
