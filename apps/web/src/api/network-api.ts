import type {
  NetworkSummary,
  NetworkView,
  Offer,
  PartnerContactDetails,
  PartnerProfile,
  PublicOfferList,
  RecordPartnerContactRequest,
} from '@hilfenetz/contracts';
import { appConfig } from '../config';
import { ApiError } from './api-error';
import { requestJson } from './http-request';
import { asProblemDetails } from './problem-details';

const seg = encodeURIComponent;
const net = (networkId: string) => `/networks/${seg(networkId)}`;

/** The network's calls (issue 17): members with their token, the offer page without one. */
export const networkApi = {
  mine(signal?: AbortSignal): Promise<NetworkSummary[]> {
    return requestJson('GET', '/networks', signal ? { signal } : {});
  },
  get(networkId: string, signal?: AbortSignal): Promise<NetworkView> {
    return requestJson('GET', net(networkId), signal ? { signal } : {});
  },
  /** The coordinating office admits a partner with its profile. */
  join(networkId: string, organisationId: string, profile: PartnerProfile): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/partners`, { body: { organisationId, profile } });
  },
  leave(networkId: string, organisationId: string): Promise<unknown> {
    return requestJson('DELETE', `${net(networkId)}/partners/${seg(organisationId)}`);
  },
  recordContact(networkId: string, organisationId: string, body: RecordPartnerContactRequest): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/partners/${seg(organisationId)}/contact`, { body });
  },
  updateContact(networkId: string, organisationId: string, details: PartnerContactDetails): Promise<unknown> {
    return requestJson('PUT', `${net(networkId)}/partners/${seg(organisationId)}/contact`, { body: { details } });
  },
  withdrawConsent(networkId: string, organisationId: string): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/partners/${seg(organisationId)}/contact/consent-withdrawal`);
  },
  publishOffer(networkId: string, offer: Offer): Promise<{ offerId: string }> {
    return requestJson('POST', `${net(networkId)}/offers`, { body: { offer } });
  },
  changeOffer(networkId: string, offerId: string, offer: Offer): Promise<unknown> {
    return requestJson('PUT', `${net(networkId)}/offers/${seg(offerId)}`, { body: { offer } });
  },
  withdrawOffer(networkId: string, offerId: string): Promise<unknown> {
    return requestJson('DELETE', `${net(networkId)}/offers/${seg(offerId)}`);
  },

  /** The public offer page's search: no login, no token sent. */
  async publicOffers(
    filters: { region?: string; targetGroup?: string; language?: string; q?: string },
    signal?: AbortSignal,
  ): Promise<PublicOfferList> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    const query = params.toString();
    let res: Response;
    try {
      res = await fetch(`${appConfig.apiBasePath}/public/offers${query ? `?${query}` : ''}`, {
        headers: { accept: 'application/json, application/problem+json' },
        signal: signal ?? null,
        cache: 'no-store',
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError('network', null);
    }
    const payload: unknown = await res.json().catch(() => null);
    if (!res.ok) throw ApiError.fromStatus(res.status, asProblemDetails(payload));
    return payload as PublicOfferList;
  },
};
