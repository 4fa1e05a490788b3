import { z } from 'zod';
import { networkIdSchema, offerIdSchema, organisationIdSchema } from './network.events';
import { sealedValueSchema } from './sealed-value';

/*
 * Referrals between partners (issue 17 part 6, docs/adr/0039; Lörrach's "basic processes", seed
 * 000): a partner refers a family to another partner's offer with the family's recorded consent;
 * the receiving partner accepts or declines within a deadline (a durable workflow reminds, then
 * records the missed deadline); the referring partner learns the decision and nothing more. The
 * family's data is sealed under a data-subject key of the referral's own (owner
 * `referral-<referralId>`) and erased like a case's: the key is destroyed together with
 * `NetworkReferralFamilyErased`. Stream `network-referral-<referralId>`.
 */

export const referralIdSchema = z.string().regex(/^nr-[0-9a-f-]{36}$/, 'must be a referral id (nr-…)');

/** Who in the family gave the consent (the name, if any, is sealed with the family's data). */
export const referralConsentGivers = [
  'mutter',
  'vater',
  'sorgeberechtigte_person',
  'junge_volljaehrige',
  'schwangere',
] as const;
/** What the consent covers: passing the contact data, passing what help is needed, feedback to the referrer. */
export const referralConsentScopes = [
  'kontaktdaten_weitergeben',
  'anliegen_weitergeben',
  'rueckmeldung_an_vermittler',
] as const;

export const referralConsentSchema = z
  .object({
    givenBy: z.enum(referralConsentGivers),
    givenOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    scope: z.array(z.enum(referralConsentScopes)).min(1).max(referralConsentScopes.length),
    recordedBy: z.string().min(1).max(200),
  })
  .strict();

const actorRef = z
  .object({ id: z.string().min(1).max(200), role: z.string().min(1).max(60), organisationId: organisationIdSchema })
  .strict();

export const networkReferralSentV1 = z
  .object({
    networkId: networkIdSchema,
    referralId: referralIdSchema,
    subjectId: z.string().min(1),
    fromOrganisationId: organisationIdSchema,
    toOrganisationId: organisationIdSchema,
    offerId: offerIdSchema,
    /** Name, reachability, children, what help is wanted: sealed under the family's key. */
    family: sealedValueSchema,
    consent: referralConsentSchema,
    remindAt: z.string().datetime(),
    respondBy: z.string().datetime(),
    sentBy: actorRef,
    sentAt: z.string().datetime(),
  })
  .strict();
export type NetworkReferralSentData = z.infer<typeof networkReferralSentV1>;

export const referralDecisions = ['accepted', 'declined'] as const;
export type ReferralDecision = (typeof referralDecisions)[number];

/** The receiving partner's decision: the only feedback the referring partner gets. */
export const networkReferralDecidedV1 = z
  .object({
    networkId: networkIdSchema,
    referralId: referralIdSchema,
    decision: z.enum(referralDecisions),
    /** After the deadline was missed: decided late, still passed on. */
    late: z.boolean(),
    decidedBy: actorRef,
    decidedAt: z.string().datetime(),
  })
  .strict();
export type NetworkReferralDecidedData = z.infer<typeof networkReferralDecidedV1>;

/** The workflow reminded the receiving partner before the deadline. */
export const networkReferralReminderDueV1 = z
  .object({
    networkId: networkIdSchema,
    referralId: referralIdSchema,
    toOrganisationId: organisationIdSchema,
    remindedAt: z.string().datetime(),
  })
  .strict();
export type NetworkReferralReminderDueData = z.infer<typeof networkReferralReminderDueV1>;

/** No decision by the deadline: the referring partner and the coordinating office see it. */
export const networkReferralDeadlineMissedV1 = z
  .object({
    networkId: networkIdSchema,
    referralId: referralIdSchema,
    fromOrganisationId: organisationIdSchema,
    toOrganisationId: organisationIdSchema,
    respondBy: z.string().datetime(),
    missedAt: z.string().datetime(),
  })
  .strict();
export type NetworkReferralDeadlineMissedData = z.infer<typeof networkReferralDeadlineMissedV1>;

/** The family's data erased: the same transaction destroys their key (`hilfenetz_erase_referral_key`). */
export const networkReferralFamilyErasedV1 = z
  .object({
    networkId: networkIdSchema,
    referralId: referralIdSchema,
    subjectId: z.string().min(1),
    erasedBy: actorRef,
    erasedAt: z.string().datetime(),
  })
  .strict();
export type NetworkReferralFamilyErasedData = z.infer<typeof networkReferralFamilyErasedV1>;

export const networkReferralEventSchemas = {
  NetworkReferralSent: { schemaVersion: 1, schema: networkReferralSentV1 },
  NetworkReferralDecided: { schemaVersion: 1, schema: networkReferralDecidedV1 },
  NetworkReferralReminderDue: { schemaVersion: 1, schema: networkReferralReminderDueV1 },
  NetworkReferralDeadlineMissed: { schemaVersion: 1, schema: networkReferralDeadlineMissedV1 },
  NetworkReferralFamilyErased: { schemaVersion: 1, schema: networkReferralFamilyErasedV1 },
} as const;

export const networkReferralStreamId = (referralId: string) => `network-referral-${referralId}`;

/** The referral's deadline workflow (workflows/network/src/referral.workflow.ts): ids and times only. */
export const networkReferralWorkflowType = 'networkReferralWorkflow';
export const networkReferralWorkflowId = (referralId: string) => `network-referral-${referralId}`;

export interface NetworkReferralWorkflowInput {
  networkId: string;
  referralId: string;
  remindAt: string;
  respondBy: string;
  correlationId: string;
}

export interface NetworkReferralStepInput {
  networkId: string;
  referralId: string;
  /** The step's time: the reminder's or the deadline's own (exact, and the same on every retry). */
  at: string;
  correlationId: string;
}

export interface NetworkReferralActivities {
  /** Appends the reminder unless the referral is decided or erased; answers whether it is still open. */
  remindOfReferral(input: NetworkReferralStepInput): Promise<{ open: boolean }>;
  /** Appends the missed deadline unless decided or erased; answers whether it was still open. */
  recordReferralDeadlineMissed(input: NetworkReferralStepInput): Promise<{ open: boolean }>;
}
