import { z } from 'zod';
import { caseIdSchema } from './crisis.events';
import { sealedValueSchema } from './sealed-value';

/**
 * A phone number in E.164 (+, country code, up to 15 digits, no spaces): what an SMS or voice
 * gateway dials without guessing a country.
 */
export const e164PhoneSchema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 format, e.g. +4915112345678');

export const guardianRelations = [
  'mother',
  'father',
  'parent',
  'official_guardian',
  'private_guardian',
  'supplementary_carer',
  'other',
] as const;
export type GuardianRelation = (typeof guardianRelations)[number];

/** Channels a guardian can be reached on. Guardians have no account: never in-app. */
export const guardianChannels = ['phone', 'voice', 'email'] as const;
export type GuardianChannel = (typeof guardianChannels)[number];

/**
 * A legal guardian's details as sealed inside the guardian events, under the young person's key:
 * erased with the young person. Never stored, logged or sent to Kafka/Temporal in clear.
 */
export const guardianDetails = z
  .object({
    name: z.string().trim().min(2).max(120),
    relation: z.enum(guardianRelations),
    phone: e164PhoneSchema.optional(),
    email: z.string().trim().email().max(200).optional(),
    /** ISO 639-1 language the guardian is addressed in (messages are German; others are noted for staff). */
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 language code, e.g. de')
      .default('de'),
    preferredChannel: z.enum(guardianChannels).default('phone'),
  })
  .strict()
  .refine((g) => g.phone !== undefined || g.email !== undefined, {
    message: 'needs a phone number or an e-mail address',
    path: ['phone'],
  })
  .refine((g) => g.preferredChannel === 'email' || g.phone !== undefined, {
    message: 'a phone or voice channel needs a phone number',
    path: ['phone'],
  })
  .refine((g) => g.preferredChannel !== 'email' || g.email !== undefined, {
    message: 'the e-mail channel needs an e-mail address',
    path: ['email'],
  });
export type GuardianDetails = z.infer<typeof guardianDetails>;

const guardianId = z.string().regex(/^g-[A-Za-z0-9-]{4,60}$/, 'must be a guardian id (g-…)');

/** A guardian was recorded for the case (at registration or later). Rank = order to try them in. */
export const guardianRecordedV1 = z
  .object({
    caseId: caseIdSchema,
    guardianId,
    rank: z.number().int().min(1).max(10),
    details: sealedValueSchema,
    recordedAt: z.string().datetime(),
  })
  .strict();
export type GuardianRecordedData = z.infer<typeof guardianRecordedV1>;

/** The guardian's contact details changed (new number, other channel). */
export const guardianDetailsChangedV1 = z
  .object({ caseId: caseIdSchema, guardianId, details: sealedValueSchema, changedAt: z.string().datetime() })
  .strict();
export type GuardianDetailsChangedData = z.infer<typeof guardianDetailsChangedV1>;

/** The person is no longer a guardian of the young person (custody changed). */
export const guardianRemovedV1 = z
  .object({ caseId: caseIdSchema, guardianId, removedAt: z.string().datetime() })
  .strict();
export type GuardianRemovedData = z.infer<typeof guardianRemovedV1>;

export const guardianEventSchemas = {
  GuardianRecorded: { schemaVersion: 1, schema: guardianRecordedV1 },
  GuardianDetailsChanged: { schemaVersion: 1, schema: guardianDetailsChangedV1 },
  GuardianRemoved: { schemaVersion: 1, schema: guardianRemovedV1 },
} as const;
