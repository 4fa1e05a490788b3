import { z } from 'zod';
import { offerIdSchema, organisationIdSchema } from '../events/network.events';
import { referralConsentGivers, referralConsentScopes, referralDecisions } from '../events/network-referral.events';

/** A phone number as people write it. */
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()/-]{4,28}[0-9]$/, 'must be a phone number, e.g. 07621 410-5210');

/** The family as the referring partner records it: sealed under the family's own key. */
export const referralFamilySchema = z
  .object({
    name: z.string().trim().min(2).max(120),
    phone: phone.optional(),
    email: z.string().trim().email().max(200).optional(),
    address: z.string().trim().min(3).max(200).optional(),
    children: z.string().trim().max(200).optional(),
    /** What help the family wants, in its words. */
    needs: z.string().trim().min(3).max(2000),
  })
  .strict();
export type ReferralFamily = z.infer<typeof referralFamilySchema>;

/**
 * A referral to another partner's offer. `consent` is required: no consent, no referral (400
 * naming `body.consent`); its date may not lie in the future.
 */
export const sendReferralRequest = z
  .object({
    toOrganisationId: organisationIdSchema,
    offerId: offerIdSchema,
    family: referralFamilySchema,
    consent: z
      .object({
        givenBy: z.enum(referralConsentGivers),
        givenOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
        scope: z.array(z.enum(referralConsentScopes)).min(1).max(referralConsentScopes.length),
      })
      .strict(),
    /** Days the receiving partner has to accept or decline (default 5). */
    respondWithinDays: z.number().int().min(1).max(30).default(5),
  })
  .strict();
export type SendReferralRequest = z.input<typeof sendReferralRequest>;

export const decideReferralRequest = z.object({ decision: z.enum(referralDecisions) }).strict();
export type DecideReferralRequest = z.infer<typeof decideReferralRequest>;

export const referralStatuses = ['open', 'accepted', 'declined'] as const;

export const referralView = z
  .object({
    referralId: z.string(),
    networkId: z.string(),
    fromOrganisationId: z.string(),
    toOrganisationId: z.string(),
    offerId: z.string(),
    status: z.enum(referralStatuses),
    sentAt: z.string(),
    respondBy: z.string(),
    reminded: z.boolean(),
    deadlineMissed: z.boolean(),
    decidedAt: z.string().nullable(),
    /** The family: for the referring and the receiving partner; null for the coordinating office. */
    family: z
      .object({
        name: z.string(),
        phone: z.string().optional(),
        email: z.string().optional(),
        address: z.string().optional(),
        children: z.string().optional(),
        needs: z.string(),
      })
      .strict()
      .nullable(),
    /** True once the family's data was erased: every field shows "gelöscht". */
    erased: z.boolean(),
    consent: z
      .object({
        givenBy: z.enum(referralConsentGivers),
        givenOn: z.string(),
        scope: z.array(z.enum(referralConsentScopes)),
      })
      .strict(),
    callerMay: z.object({ decide: z.boolean(), erase: z.boolean() }).strict(),
  })
  .strict();
export type ReferralView = z.infer<typeof referralView>;

export const referralLists = z
  .object({
    /** Sent by the caller's organisation. */
    sent: z.array(referralView),
    /** The caller's organisation's inbox. */
    received: z.array(referralView),
    /** For the coordinating office: every missed deadline of the network, without the family. */
    missed: z.array(referralView),
  })
  .strict();
export type ReferralLists = z.infer<typeof referralLists>;

export const referralCreated = z.object({ referralId: z.string() }).strict();

/** Who opened a referred family's data, newest first: for the referring partner and the coordination. */
export const referralAccessLog = z
  .object({
    entries: z.array(
      z
        .object({
          readerId: z.string(),
          readerRole: z.string(),
          readerOrganisationId: z.string(),
          readAt: z.string().datetime(),
        })
        .strict(),
    ),
  })
  .strict();
export type ReferralAccessLog = z.infer<typeof referralAccessLog>;
