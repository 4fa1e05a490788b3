import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type FoundNetworkRequest,
  type NetworkFoundedData,
  type NetworkPartnerJoinedData,
  type NetworkPartnerLeftData,
  type NetworkPartnerProfileChangedData,
  type PartnerContactConsentWithdrawnData,
  type PartnerProfile,
  type Principal,
  type SubNetworkAddedData,
} from '@hilfenetz/contracts';
import { hasSigned, partnerOf, refuseUnlessCoordinator, type NetworkState } from '@hilfenetz/domain';
import { StreamVersionConflict } from '@hilfenetz/event-store';
import type { DataSource } from 'typeorm';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { CLOCK, DATA_SOURCE } from '../infrastructure/tokens';
import { NetworkStreamService, refuse } from './network-stream.service';

/**
 * The network's membership: founding, sub-networks, partners joining, changing their profile and
 * leaving. Only the coordinating office (network_coordinator of a coordinating organisation)
 * manages it.
 */
@Injectable()
export class NetworkMembershipService {
  constructor(
    private readonly stream: NetworkStreamService,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly agreements: AgreementRegistryService,
  ) {}

  async found(req: FoundNetworkRequest, user: Principal, correlationId: string): Promise<{ networkId: string }> {
    // The founder's own office coordinates: nobody founds a network for someone else.
    if (!req.coordinatingOrganisationIds.includes(user.organisationId)) {
      throw new ApplicationError(
        'network.not_coordinator',
        'Your organisation must be one of the coordinating offices.',
        [
          {
            field: 'body.coordinatingOrganisationIds',
            reason: `must include your organisation ${user.organisationId}`,
          },
        ],
      );
    }
    const ids = req.subNetworks.map((s) => s.subNetworkId);
    if (new Set(ids).size !== ids.length) {
      throw new ApplicationError('request.invalid', 'Sub-network ids repeat.', [
        { field: 'body.subNetworks', reason: 'each sub-network id once' },
      ]);
    }
    const data: NetworkFoundedData = {
      networkId: req.networkId,
      name: req.name,
      kind: req.kind,
      region: req.region,
      coordinatingOrganisationIds: [...new Set(req.coordinatingOrganisationIds)],
      subNetworks: req.subNetworks,
      foundedAt: this.clock().toISOString(),
    };
    await this.stream.found(req.networkId, { type: 'NetworkFounded', data }, user, correlationId);
    return { networkId: req.networkId };
  }

  async addSubNetwork(
    networkId: string,
    subNetwork: SubNetworkAddedData['subNetwork'],
    user: Principal,
    correlationId: string,
  ): Promise<void> {
    await this.stream.change(networkId, user, correlationId, (state) => {
      refuse(refuseUnlessCoordinator(state, user));
      if (state.subNetworks.some((s) => s.subNetworkId === subNetwork.subNetworkId)) {
        throw new ApplicationError('request.invalid', 'This sub-network exists already.', [
          { field: 'body.subNetworkId', reason: 'taken' },
        ]);
      }
      const data: SubNetworkAddedData = { networkId, subNetwork, addedAt: this.clock().toISOString() };
      return Promise.resolve({ events: [{ type: 'SubNetworkAdded', data }], answer: undefined });
    });
  }

  async join(
    networkId: string,
    organisationId: string,
    profile: PartnerProfile,
    user: Principal,
    correlationId: string,
  ): Promise<void> {
    await this.stream.change(networkId, user, correlationId, async (state) => {
      refuse(refuseUnlessCoordinator(state, user));
      if (partnerOf(state, organisationId)) {
        throw new ApplicationError('network.partner_exists', 'This organisation is a partner already.', [
          { field: 'body.organisationId', reason: 'already a partner' },
        ]);
      }
      await this.checkProfile(state, organisationId, profile);
      const data: NetworkPartnerJoinedData = {
        networkId,
        organisationId,
        profile,
        joinedAt: this.clock().toISOString(),
      };
      return { events: [{ type: 'NetworkPartnerJoined', data }], answer: undefined };
    });
  }

  async changeProfile(
    networkId: string,
    organisationId: string,
    profile: PartnerProfile,
    user: Principal,
    correlationId: string,
  ): Promise<void> {
    await this.stream.change(networkId, user, correlationId, async (state) => {
      refuse(refuseUnlessCoordinator(state, user));
      this.requirePartner(state, organisationId);
      await this.checkProfile(state, organisationId, profile);
      const data: NetworkPartnerProfileChangedData = {
        networkId,
        organisationId,
        profile,
        changedAt: this.clock().toISOString(),
      };
      return { events: [{ type: 'NetworkPartnerProfileChanged', data }], answer: undefined };
    });
  }

  /**
   * A partner leaves; its offers leave the public page with it. Its contact's consent was given
   * for this network, so it ends too: the withdrawal is recorded and the contact's key destroyed
   * in the same transaction (as when the contact withdraws), nothing of them stays readable.
   */
  async leave(networkId: string, organisationId: string, user: Principal, correlationId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.stream.load(networkId);
      refuse(refuseUnlessCoordinator(state, user));
      this.requirePartner(state, organisationId);
      const now = this.clock().toISOString();
      const contact = partnerOf(state, organisationId)!.contact;
      const left: NetworkPartnerLeftData = { networkId, organisationId, leftAt: now };
      const events = this.stream.toNew(
        [
          ...(contact
            ? [
                {
                  type: 'PartnerContactConsentWithdrawn',
                  data: {
                    networkId,
                    organisationId,
                    contactId: contact.contactId,
                    subjectId: contact.subjectId,
                    withdrawnAt: now,
                  } satisfies PartnerContactConsentWithdrawnData,
                },
              ]
            : []),
          { type: 'NetworkPartnerLeft', data: left },
        ],
        user,
        correlationId,
      );
      try {
        await this.ds.transaction(async (m) => {
          await this.stream.appendInTransaction(m, networkId, events, version);
          if (contact) {
            await m.query(`SELECT hilfenetz_erase_contact_key($1, $2)`, [contact.subjectId, events[0]!.eventId]);
          }
        });
        return;
      } catch (err) {
        if (!(err instanceof StreamVersionConflict) || attempt >= 5) throw err;
      }
    }
  }

  private requirePartner(state: NetworkState, organisationId: string): void {
    if (!partnerOf(state, organisationId)) {
      throw new ApplicationError('network.partner_not_found', 'This organisation is not a partner of the network.', [
        { field: 'path.organisationId', reason: 'not a partner' },
      ]);
    }
  }

  /** The sub-network must exist; a signed agreement version must really be signed by this organisation. */
  private async checkProfile(state: NetworkState, organisationId: string, profile: PartnerProfile): Promise<void> {
    if (profile.subNetworkId && !state.subNetworks.some((s) => s.subNetworkId === profile.subNetworkId)) {
      throw new ApplicationError('network.sub_network_unknown', 'The network has no such sub-network.', [
        { field: 'body.profile.subNetworkId', reason: 'unknown sub-network' },
      ]);
    }
    if (profile.signedAgreement) {
      const { agreementId, version } = profile.signedAgreement;
      // Built-in versions (signed by all their partners) and published ones with their signature acts.
      const found = (await this.agreements.all()).find(
        (v) => v.agreement.agreementId === agreementId && v.agreement.version === version,
      );
      if (!found || !hasSigned(found, organisationId)) {
        throw new ApplicationError(
          'network.agreement_not_signed',
          'The organisation has not signed this agreement version (or withdrew its signature).',
          [
            {
              field: 'body.profile.signedAgreement',
              reason: `${agreementId} ${version} not signed by ${organisationId}`,
            },
          ],
        );
      }
    }
  }
}
