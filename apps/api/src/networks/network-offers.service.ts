import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type NetworkOfferChangedData,
  type NetworkOfferPublishedData,
  type NetworkOfferWithdrawnData,
  type Offer,
  type Principal,
} from '@hilfenetz/contracts';
import { partnerOf, refuseOfferChange, refuseUnlessMember, type NetworkState } from '@hilfenetz/domain';
import { randomUUID } from 'node:crypto';
import { CLOCK } from '../infrastructure/tokens';
import { NetworkStreamService, refuse } from './network-stream.service';

/** A partner's offers (issue 17 part 3): published, changed and withdrawn by the partner itself. */
@Injectable()
export class NetworkOffersService {
  constructor(
    private readonly stream: NetworkStreamService,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async publish(networkId: string, offer: Offer, user: Principal, correlationId: string): Promise<{ offerId: string }> {
    const offerId = `off-${randomUUID()}`;
    return this.stream.change(networkId, user, correlationId, (state) => {
      refuse(refuseOfferChange(state, user, user.organisationId));
      const data: NetworkOfferPublishedData = {
        networkId,
        organisationId: user.organisationId,
        offerId,
        offer,
        publishedAt: this.clock().toISOString(),
      };
      return Promise.resolve({ events: [{ type: 'NetworkOfferPublished', data }], answer: { offerId } });
    });
  }

  async change(
    networkId: string,
    offerId: string,
    offer: Offer,
    user: Principal,
    correlationId: string,
  ): Promise<void> {
    await this.stream.change(networkId, user, correlationId, (state) => {
      // A non-member learns nothing about the offers, not even whether one exists.
      refuse(refuseUnlessMember(state, user));
      const organisationId = this.ownerOf(state, offerId);
      refuse(refuseOfferChange(state, user, organisationId), 'path.offerId');
      const data: NetworkOfferChangedData = {
        networkId,
        organisationId,
        offerId,
        offer,
        changedAt: this.clock().toISOString(),
      };
      return Promise.resolve({ events: [{ type: 'NetworkOfferChanged', data }], answer: undefined });
    });
  }

  async withdraw(networkId: string, offerId: string, user: Principal, correlationId: string): Promise<void> {
    await this.stream.change(networkId, user, correlationId, (state) => {
      // A non-member learns nothing about the offers, not even whether one exists.
      refuse(refuseUnlessMember(state, user));
      const organisationId = this.ownerOf(state, offerId);
      refuse(refuseOfferChange(state, user, organisationId), 'path.offerId');
      const data: NetworkOfferWithdrawnData = {
        networkId,
        organisationId,
        offerId,
        withdrawnAt: this.clock().toISOString(),
      };
      return Promise.resolve({ events: [{ type: 'NetworkOfferWithdrawn', data }], answer: undefined });
    });
  }

  private ownerOf(state: NetworkState, offerId: string): string {
    const owner = state.partners.find((p) => p.offers.some((o) => o.offerId === offerId));
    if (!owner || !partnerOf(state, owner.organisationId)) {
      throw new ApplicationError('network.offer_not_found', 'No such offer in this network.', [
        { field: 'path.offerId', reason: 'unknown offer' },
      ]);
    }
    return owner.organisationId;
  }
}
