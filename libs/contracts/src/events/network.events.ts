import { z } from 'zod';
import { sealedValueSchema } from './sealed-value';

/*
 * The network itself (issue 17, parts 1–3; docs/adr/0035): a Frühe-Hilfen network (§3 KKG) or a
 * cooperation network, its coordinating office, sub-networks, partners, one named contact per
 * partner (stored only with consent, sealed under the contact's own key) and the partners' offers.
 * Every change is an event on the network's stream `network-<networkId>`.
 */

export const networkIdSchema = z
  .string()
  .regex(/^net-[a-z0-9][a-z0-9-]{1,58}$/, 'must be a network id (net- and lower-case letters, digits, dashes)');
export const organisationIdSchema = z
  .string()
  .regex(/^org-[a-z0-9][a-z0-9-]{1,78}$/, 'must be an organisation id (org- and lower-case letters, digits, dashes)');
export const subNetworkIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be a sub-network id (lower-case letters, digits, dashes)');
export const partnerContactIdSchema = z.string().regex(/^pc-[0-9a-f-]{36}$/, 'must be a contact id (pc-…)');
export const offerIdSchema = z.string().regex(/^off-[0-9a-f-]{36}$/, 'must be an offer id (off-…)');

/** Frühe Hilfen network under §3 KKG, or a cooperation network (like Lörrach's). */
export const networkKinds = ['fruehe_hilfen', 'cooperation'] as const;
export type NetworkKind = (typeof networkKinds)[number];

/** What a partner organisation is: a fixed list, so the public page can filter by it. */
export const partnerKinds = [
  'jugendamt',
  'traeger',
  'klinik',
  'psychotherapeutische_praxis',
  'hebammendienst',
  'schwangerschaftsberatung',
  'kinderarztpraxis',
  'jobcenter',
  'familienbildung',
  'fruehfoerderung',
  'gesundheitsamt',
  'ehrenamt',
  'sonstige',
] as const;
export type PartnerKind = (typeof partnerKinds)[number];

/** Whom a partner or an offer is for (Stormarn: expecting parents and families with children 0–3). */
export const targetGroups = [
  'schwangerschaft',
  'familien_0_3',
  'familien_3_6',
  'kinder_schulalter',
  'jugendliche',
  'alleinerziehende',
  'fachkraefte',
] as const;
export type TargetGroup = (typeof targetGroups)[number];

/** What a contact's consent covers: the network's partner directory, and mail from the coordination. */
export const contactConsentScopes = ['network_directory', 'coordination_mail'] as const;
export type ContactConsentScope = (typeof contactConsentScopes)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const region = z.string().trim().min(2).max(80);

export const subNetworkSchema = z
  .object({ subNetworkId: subNetworkIdSchema, name: z.string().trim().min(2).max(80), region })
  .strict();

/** The agreement version a partner signed (ties into the signed agreement versions). */
export const signedAgreementRefSchema = z
  .object({ agreementId: z.string().min(1).max(100), version: z.string().min(1).max(40) })
  .strict();

/** A partner's public profile: organisational data only, no person. */
export const partnerProfileSchema = z
  .object({
    name: z.string().trim().min(2).max(120),
    kind: z.enum(partnerKinds),
    targetGroups: z.array(z.enum(targetGroups)).min(1).max(targetGroups.length),
    region,
    subNetworkId: subNetworkIdSchema.optional(),
    signedAgreement: signedAgreementRefSchema.optional(),
  })
  .strict();
export type PartnerProfile = z.infer<typeof partnerProfileSchema>;

/**
 * A partner's offer as published: what, for whom, where, how to reach, cost, languages. Public on
 * purpose (the offer page without login), so it describes the institution's offer, never a person.
 */
export const offerSchema = z
  .object({
    title: z.string().trim().min(3).max(120),
    description: z.string().trim().min(10).max(2000),
    targetGroups: z.array(z.enum(targetGroups)).min(1).max(targetGroups.length),
    region,
    place: z.string().trim().min(2).max(200),
    howToReach: z.string().trim().min(3).max(300),
    cost: z.string().trim().min(2).max(120),
    /** ISO 639-1 codes the offer is available in. */
    languages: z
      .array(z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 language code, e.g. de'))
      .min(1)
      .max(20),
  })
  .strict();
export type Offer = z.infer<typeof offerSchema>;

/** The consent as recorded: when it was given, what it covers; who recorded it is the event's actor and `recordedBy`. */
export const contactConsentSchema = z
  .object({
    givenOn: isoDate,
    scope: z.array(z.enum(contactConsentScopes)).min(1).max(contactConsentScopes.length),
    recordedBy: z.string().min(1),
  })
  .strict();

export const networkFoundedV1 = z
  .object({
    networkId: networkIdSchema,
    name: z.string().trim().min(3).max(120),
    kind: z.enum(networkKinds),
    region,
    coordinatingOrganisationIds: z.array(organisationIdSchema).min(1).max(5),
    subNetworks: z.array(subNetworkSchema).max(20),
    foundedAt: z.string().datetime(),
  })
  .strict();
export type NetworkFoundedData = z.infer<typeof networkFoundedV1>;

export const subNetworkAddedV1 = z
  .object({ networkId: networkIdSchema, subNetwork: subNetworkSchema, addedAt: z.string().datetime() })
  .strict();
export type SubNetworkAddedData = z.infer<typeof subNetworkAddedV1>;

export const networkPartnerJoinedV1 = z
  .object({
    networkId: networkIdSchema,
    organisationId: organisationIdSchema,
    profile: partnerProfileSchema,
    joinedAt: z.string().datetime(),
  })
  .strict();
export type NetworkPartnerJoinedData = z.infer<typeof networkPartnerJoinedV1>;

export const networkPartnerProfileChangedV1 = z
  .object({
    networkId: networkIdSchema,
    organisationId: organisationIdSchema,
    profile: partnerProfileSchema,
    changedAt: z.string().datetime(),
  })
  .strict();
export type NetworkPartnerProfileChangedData = z.infer<typeof networkPartnerProfileChangedV1>;

export const networkPartnerLeftV1 = z
  .object({ networkId: networkIdSchema, organisationId: organisationIdSchema, leftAt: z.string().datetime() })
  .strict();
export type NetworkPartnerLeftData = z.infer<typeof networkPartnerLeftV1>;

/**
 * A named contact was recorded for a partner, with their consent. `details` (name, function,
 * phone, e-mail, hours, deputy) is sealed under `subjectId`, the contact's own data-subject key.
 */
export const partnerContactConsentedV1 = z
  .object({
    networkId: networkIdSchema,
    organisationId: organisationIdSchema,
    contactId: partnerContactIdSchema,
    subjectId: z.string().min(1),
    consent: contactConsentSchema,
    details: sealedValueSchema,
    recordedAt: z.string().datetime(),
  })
  .strict();
export type PartnerContactConsentedData = z.infer<typeof partnerContactConsentedV1>;

/** The contact updated their own entry. */
export const partnerContactDetailsChangedV1 = z
  .object({
    networkId: networkIdSchema,
    organisationId: organisationIdSchema,
    contactId: partnerContactIdSchema,
    details: sealedValueSchema,
    changedAt: z.string().datetime(),
  })
  .strict();
export type PartnerContactDetailsChangedData = z.infer<typeof partnerContactDetailsChangedV1>;

/**
 * The contact withdrew their consent: the same transaction destroys their key (crypto-shredding,
 * `hilfenetz_erase_contact_key` requires this event), so every sealed detail is unreadable.
 */
export const partnerContactConsentWithdrawnV1 = z
  .object({
    networkId: networkIdSchema,
    organisationId: organisationIdSchema,
    contactId: partnerContactIdSchema,
    subjectId: z.string().min(1),
    withdrawnAt: z.string().datetime(),
  })
  .strict();
export type PartnerContactConsentWithdrawnData = z.infer<typeof partnerContactConsentWithdrawnV1>;

export const networkOfferPublishedV1 = z
  .object({
    networkId: networkIdSchema,
    organisationId: organisationIdSchema,
    offerId: offerIdSchema,
    offer: offerSchema,
    publishedAt: z.string().datetime(),
  })
  .strict();
export type NetworkOfferPublishedData = z.infer<typeof networkOfferPublishedV1>;

export const networkOfferChangedV1 = z
  .object({
    networkId: networkIdSchema,
    organisationId: organisationIdSchema,
    offerId: offerIdSchema,
    offer: offerSchema,
    changedAt: z.string().datetime(),
  })
  .strict();
export type NetworkOfferChangedData = z.infer<typeof networkOfferChangedV1>;

export const networkOfferWithdrawnV1 = z
  .object({
    networkId: networkIdSchema,
    organisationId: organisationIdSchema,
    offerId: offerIdSchema,
    withdrawnAt: z.string().datetime(),
  })
  .strict();
export type NetworkOfferWithdrawnData = z.infer<typeof networkOfferWithdrawnV1>;

export const networkEventSchemas = {
  NetworkFounded: { schemaVersion: 1, schema: networkFoundedV1 },
  SubNetworkAdded: { schemaVersion: 1, schema: subNetworkAddedV1 },
  NetworkPartnerJoined: { schemaVersion: 1, schema: networkPartnerJoinedV1 },
  NetworkPartnerProfileChanged: { schemaVersion: 1, schema: networkPartnerProfileChangedV1 },
  NetworkPartnerLeft: { schemaVersion: 1, schema: networkPartnerLeftV1 },
  PartnerContactConsented: { schemaVersion: 1, schema: partnerContactConsentedV1 },
  PartnerContactDetailsChanged: { schemaVersion: 1, schema: partnerContactDetailsChangedV1 },
  PartnerContactConsentWithdrawn: { schemaVersion: 1, schema: partnerContactConsentWithdrawnV1 },
  NetworkOfferPublished: { schemaVersion: 1, schema: networkOfferPublishedV1 },
  NetworkOfferChanged: { schemaVersion: 1, schema: networkOfferChangedV1 },
  NetworkOfferWithdrawn: { schemaVersion: 1, schema: networkOfferWithdrawnV1 },
} as const;
