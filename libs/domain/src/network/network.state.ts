import type {
  NetworkFoundedData,
  NetworkKind,
  Offer,
  PartnerContactConsentedData,
  PartnerProfile,
  SealedValue,
} from '@hilfenetz/contracts';

/** The stream a network's events live on. */
export function networkStreamId(networkId: string): string {
  return `network-${networkId}`;
}

/**
 * The owner the contact's data-subject key is registered under (data_subject_keys.case_id): not a
 * case, so no case erasure or legal hold ever reaches it; `hilfenetz_erase_contact_key` destroys it.
 */
export function contactKeyOwner(contactId: string): string {
  return `contact-${contactId}`;
}

export interface NetworkContact {
  contactId: string;
  subjectId: string;
  consent: PartnerContactConsentedData['consent'];
  details: SealedValue;
}

export interface NetworkOffer {
  offerId: string;
  offer: Offer;
  publishedAt: string;
}

export interface NetworkPartner {
  organisationId: string;
  profile: PartnerProfile;
  joinedAt: string;
  /** Null: "Kontakt fehlt" (none recorded, or consent withdrawn). */
  contact: NetworkContact | null;
  offers: NetworkOffer[];
}

export interface NetworkState {
  networkId: string;
  name: string;
  kind: NetworkKind;
  region: string;
  coordinatingOrganisationIds: string[];
  subNetworks: NetworkFoundedData['subNetworks'];
  /** Current partners only: one who left is gone, with their contact and offers. */
  partners: NetworkPartner[];
}

/** The events of a network stream, as the fold reads them. */
export type NetworkEvent =
  | { type: 'NetworkFounded'; data: NetworkFoundedData }
  | { type: 'SubNetworkAdded'; data: { subNetwork: NetworkFoundedData['subNetworks'][number] } }
  | { type: 'NetworkPartnerJoined'; data: { organisationId: string; profile: PartnerProfile; joinedAt: string } }
  | { type: 'NetworkPartnerProfileChanged'; data: { organisationId: string; profile: PartnerProfile } }
  | { type: 'NetworkPartnerLeft'; data: { organisationId: string } }
  | { type: 'PartnerContactConsented'; data: PartnerContactConsentedData }
  | { type: 'PartnerContactDetailsChanged'; data: { organisationId: string; contactId: string; details: SealedValue } }
  | { type: 'PartnerContactConsentWithdrawn'; data: { organisationId: string; contactId: string } }
  | {
      type: 'NetworkOfferPublished';
      data: { organisationId: string; offerId: string; offer: Offer; publishedAt: string };
    }
  | { type: 'NetworkOfferChanged'; data: { organisationId: string; offerId: string; offer: Offer } }
  | { type: 'NetworkOfferWithdrawn'; data: { organisationId: string; offerId: string } };

function withPartner(
  state: NetworkState,
  organisationId: string,
  change: (p: NetworkPartner) => NetworkPartner,
): NetworkState {
  return {
    ...state,
    partners: state.partners.map((p) => (p.organisationId === organisationId ? change(p) : p)),
  };
}

/** Folds one event into the network (null before NetworkFounded). Unknown types leave it as it is. */
export function evolveNetwork(state: NetworkState | null, e: { type: string; data: unknown }): NetworkState | null {
  const event = e as NetworkEvent;
  if (event.type === 'NetworkFounded') {
    const d = event.data;
    return {
      networkId: d.networkId,
      name: d.name,
      kind: d.kind,
      region: d.region,
      coordinatingOrganisationIds: [...d.coordinatingOrganisationIds],
      subNetworks: [...d.subNetworks],
      partners: [],
    };
  }
  if (!state) return null;
  switch (event.type) {
    case 'SubNetworkAdded':
      return { ...state, subNetworks: [...state.subNetworks, event.data.subNetwork] };
    case 'NetworkPartnerJoined':
      return {
        ...state,
        partners: [
          ...state.partners,
          {
            organisationId: event.data.organisationId,
            profile: event.data.profile,
            joinedAt: event.data.joinedAt,
            contact: null,
            offers: [],
          },
        ],
      };
    case 'NetworkPartnerProfileChanged':
      return withPartner(state, event.data.organisationId, (p) => ({ ...p, profile: event.data.profile }));
    case 'NetworkPartnerLeft':
      return { ...state, partners: state.partners.filter((p) => p.organisationId !== event.data.organisationId) };
    case 'PartnerContactConsented': {
      const d = event.data;
      return withPartner(state, d.organisationId, (p) => ({
        ...p,
        contact: { contactId: d.contactId, subjectId: d.subjectId, consent: d.consent, details: d.details },
      }));
    }
    case 'PartnerContactDetailsChanged':
      return withPartner(state, event.data.organisationId, (p) =>
        p.contact?.contactId === event.data.contactId
          ? { ...p, contact: { ...p.contact, details: event.data.details } }
          : p,
      );
    case 'PartnerContactConsentWithdrawn':
      return withPartner(state, event.data.organisationId, (p) =>
        p.contact?.contactId === event.data.contactId ? { ...p, contact: null } : p,
      );
    case 'NetworkOfferPublished':
      return withPartner(state, event.data.organisationId, (p) => ({
        ...p,
        offers: [
          ...p.offers,
          { offerId: event.data.offerId, offer: event.data.offer, publishedAt: event.data.publishedAt },
        ],
      }));
    case 'NetworkOfferChanged':
      return withPartner(state, event.data.organisationId, (p) => ({
        ...p,
        offers: p.offers.map((o) => (o.offerId === event.data.offerId ? { ...o, offer: event.data.offer } : o)),
      }));
    case 'NetworkOfferWithdrawn':
      return withPartner(state, event.data.organisationId, (p) => ({
        ...p,
        offers: p.offers.filter((o) => o.offerId !== event.data.offerId),
      }));
    default:
      return state;
  }
}

export function foldNetwork(events: readonly { type: string; data: unknown }[]): NetworkState | null {
  return events.reduce<NetworkState | null>(evolveNetwork, null);
}
