import { z } from 'zod';
import type { SameShape } from './same-shape';
import {
  contactConsentSchema,
  contactConsentScopes,
  networkKinds,
  offerSchema,
  organisationIdSchema,
  partnerKinds,
  partnerProfileSchema,
  signedAgreementRefSchema,
  subNetworkSchema,
  targetGroups,
  type ContactConsentScope,
  type NetworkKind,
  type Offer,
  type PartnerKind,
  type TargetGroup,
} from '../events/network.events';

/** A phone number as people write it (digits, spaces, +, /, -, brackets). */
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()/-]{4,28}[0-9]$/, 'must be a phone number, e.g. 07621 410-5210');

/**
 * A partner's named contact as the API takes and shows it. Sealed under the contact's own key in
 * every event; never in clear in the log, Kafka or a read model.
 */
export const partnerContactDetailsSchema = z
  .object({
    name: z.string().trim().min(2).max(120),
    function: z.string().trim().min(2).max(120),
    phone,
    email: z.string().trim().email().max(200),
    /** When the contact can be reached, as they write it (e.g. "Mo–Do 9–12 Uhr"). */
    hours: z.string().trim().min(2).max(200),
    deputy: z
      .object({
        name: z.string().trim().min(2).max(120),
        phone: phone.optional(),
        email: z.string().trim().email().max(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PartnerContactDetails = z.infer<typeof partnerContactDetailsSchema>;

export const foundNetworkRequest = z
  .object({
    networkId: z.string().regex(/^net-[a-z0-9][a-z0-9-]{1,58}$/, 'must be a network id (net-…)'),
    name: z.string().trim().min(3).max(120),
    kind: z.enum(networkKinds),
    region: z.string().trim().min(2).max(80),
    coordinatingOrganisationIds: z.array(organisationIdSchema).min(1).max(5),
    subNetworks: z.array(subNetworkSchema).max(20).default([]),
  })
  .strict();
export type FoundNetworkRequest = z.infer<typeof foundNetworkRequest>;

export const addSubNetworkRequest = subNetworkSchema;
export type AddSubNetworkRequest = z.infer<typeof addSubNetworkRequest>;

export const joinPartnerRequest = z
  .object({ organisationId: organisationIdSchema, profile: partnerProfileSchema })
  .strict();
export type JoinPartnerRequest = z.infer<typeof joinPartnerRequest>;

export const changePartnerProfileRequest = z.object({ profile: partnerProfileSchema }).strict();
export type ChangePartnerProfileRequest = z.infer<typeof changePartnerProfileRequest>;

/**
 * A new contact for a partner. `consent` is required: no consent, no contact. Its date may not lie
 * in the future; who recorded it is the caller.
 */
export const recordPartnerContactRequest = z
  .object({
    details: partnerContactDetailsSchema,
    consent: z
      .object({
        givenOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
        scope: z.array(z.enum(contactConsentScopes)).min(1).max(contactConsentScopes.length),
      })
      .strict(),
  })
  .strict();
export type RecordPartnerContactRequest = z.infer<typeof recordPartnerContactRequest>;

export const updatePartnerContactRequest = z.object({ details: partnerContactDetailsSchema }).strict();
export type UpdatePartnerContactRequest = z.infer<typeof updatePartnerContactRequest>;

export const publishOfferRequest = z.object({ offer: offerSchema }).strict();
export type PublishOfferRequest = z.infer<typeof publishOfferRequest>;

/** Filters of the public offer page; all optional, combined with AND. */
export const publicOfferQuery = z
  .object({
    region: z.string().trim().max(80).optional(),
    targetGroup: z.string().trim().max(40).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 language code, e.g. de')
      .optional(),
    q: z.string().trim().max(100).optional(),
  })
  .strict();
export type PublicOfferQuery = z.infer<typeof publicOfferQuery>;

export interface ContactView {
  contactId: string;
  consent: { givenOn: string; scope: ContactConsentScope[]; recordedBy: string };
  /** `erased` cannot happen for a contact shown (withdrawal removes it); kept for a key gone otherwise. */
  details: PartnerContactDetails | null;
}

export interface PartnerView {
  organisationId: string;
  name: string;
  kind: PartnerKind;
  targetGroups: TargetGroup[];
  region: string;
  subNetworkId: string | null;
  signedAgreement: { agreementId: string; version: string } | null;
  joinedAt: string;
  /** `missing` shows as "Kontakt fehlt": no contact, or their consent was withdrawn. */
  contactStatus: 'present' | 'missing';
  contact: ContactView | null;
  offers: OfferView[];
}

export interface OfferView extends Offer {
  offerId: string;
  organisationId: string;
  publishedAt: string;
}

export interface NetworkView {
  networkId: string;
  name: string;
  kind: NetworkKind;
  region: string;
  coordinatingOrganisationIds: string[];
  subNetworks: { subNetworkId: string; name: string; region: string }[];
  partners: PartnerView[];
  /** What the caller may do here: coordinate (membership), or act for their own partner. */
  callerIs: { coordinator: boolean; partnerOrganisationId: string | null };
}

export interface NetworkSummary {
  networkId: string;
  name: string;
  kind: NetworkKind;
  region: string;
}

/** One offer on the public page: the offer and its institution, nothing about a person. */
export interface PublicOfferView extends Offer {
  offerId: string;
  networkName: string;
  partnerName: string;
  partnerKind: PartnerKind;
}

export interface PublicOfferList {
  offers: PublicOfferView[];
}

/** Who read a partner's contact data from outside the partner organisation (newest first). */
export interface ContactAccessLogEntry {
  contactId: string;
  readerId: string;
  readerRole: string;
  readerOrganisationId: string;
  readAt: string;
}

/*
 * The answers as the OpenAPI document describes them (the interfaces above are what clients
 * import; the type checks pin each schema to its interface). Offer, contact details, consent,
 * signed agreement and sub-network are the schemas they were validated with on the way in.
 */

/** POST /networks (201): the id of the network founded. */
export const foundNetworkResponseSchema = z.object({ networkId: z.string() }).strict();
export type FoundNetworkResponse = z.infer<typeof foundNetworkResponseSchema>;

/** POST /networks/:networkId/partners/:organisationId/contact (201): the id of the contact recorded. */
export const recordPartnerContactResponseSchema = z.object({ contactId: z.string() }).strict();
export type RecordPartnerContactResponse = z.infer<typeof recordPartnerContactResponseSchema>;

/** POST /networks/:networkId/offers (201): the id of the offer published. */
export const publishOfferResponseSchema = z.object({ offerId: z.string() }).strict();
export type PublishOfferResponse = z.infer<typeof publishOfferResponseSchema>;

export const contactViewSchema = z
  .object({
    contactId: z.string(),
    consent: contactConsentSchema,
    details: partnerContactDetailsSchema
      .nullable()
      .describe('null: not opened for this caller (consent does not cover the directory), or the key is gone'),
  })
  .strict();

export const offerViewSchema = offerSchema
  .extend({ offerId: z.string(), organisationId: z.string(), publishedAt: z.string().datetime() })
  .strict();

export const partnerViewSchema = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    kind: z.enum(partnerKinds),
    targetGroups: z.array(z.enum(targetGroups)),
    region: z.string(),
    subNetworkId: z.string().nullable(),
    signedAgreement: signedAgreementRefSchema.nullable(),
    joinedAt: z.string().datetime(),
    contactStatus: z.enum(['present', 'missing']).describe('missing shows as "Kontakt fehlt"'),
    contact: contactViewSchema.nullable(),
    offers: z.array(offerViewSchema),
  })
  .strict();

/** GET /networks/:networkId (200). */
export const networkViewSchema = z
  .object({
    networkId: z.string(),
    name: z.string(),
    kind: z.enum(networkKinds),
    region: z.string(),
    coordinatingOrganisationIds: z.array(z.string()),
    subNetworks: z.array(subNetworkSchema),
    partners: z.array(partnerViewSchema),
    callerIs: z.object({ coordinator: z.boolean(), partnerOrganisationId: z.string().nullable() }).strict(),
  })
  .strict();

/** GET /networks (200): one entry per network. */
export const networkSummarySchema = z
  .object({ networkId: z.string(), name: z.string(), kind: z.enum(networkKinds), region: z.string() })
  .strict();

export const publicOfferViewSchema = offerSchema
  .extend({
    offerId: z.string(),
    networkName: z.string(),
    partnerName: z.string(),
    partnerKind: z.enum(partnerKinds),
  })
  .strict();

/** GET /public/offers (200). */
export const publicOfferListSchema = z.object({ offers: z.array(publicOfferViewSchema) }).strict();

/** GET /networks/:networkId/partners/:organisationId/contact/access-log (200): one entry per read. */
export const contactAccessLogEntrySchema = z
  .object({
    contactId: z.string(),
    readerId: z.string(),
    readerRole: z.string().describe("The reader's roles, comma-separated"),
    readerOrganisationId: z.string(),
    readAt: z.string().datetime(),
  })
  .strict();

// Compile-time only: each schema and its interface describe the same answer.
const _contactViewSame: SameShape<z.infer<typeof contactViewSchema>, ContactView> = true;
void _contactViewSame;
const _offerViewSame: SameShape<z.infer<typeof offerViewSchema>, OfferView> = true;
void _offerViewSame;
const _partnerViewSame: SameShape<z.infer<typeof partnerViewSchema>, PartnerView> = true;
void _partnerViewSame;
const _networkViewSame: SameShape<z.infer<typeof networkViewSchema>, NetworkView> = true;
void _networkViewSame;
const _networkSummarySame: SameShape<z.infer<typeof networkSummarySchema>, NetworkSummary> = true;
void _networkSummarySame;
const _publicOfferViewSame: SameShape<z.infer<typeof publicOfferViewSchema>, PublicOfferView> = true;
void _publicOfferViewSame;
const _publicOfferListSame: SameShape<z.infer<typeof publicOfferListSchema>, PublicOfferList> = true;
void _publicOfferListSame;
const _accessLogEntrySame: SameShape<z.infer<typeof contactAccessLogEntrySchema>, ContactAccessLogEntry> = true;
void _accessLogEntrySame;
