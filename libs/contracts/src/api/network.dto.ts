import { z } from 'zod';
import {
  contactConsentScopes,
  networkKinds,
  offerSchema,
  organisationIdSchema,
  partnerProfileSchema,
  subNetworkSchema,
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
