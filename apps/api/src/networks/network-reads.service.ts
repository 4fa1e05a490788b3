import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type ContactAccessLogEntry,
  type ContactView,
  type NetworkSummary,
  type NetworkView,
  type PartnerContactDetails,
  type Principal,
  type PartnerView,
} from '@hilfenetz/contracts';
import { isCoordinator, isOutsideRead, partnerOf, refuseUnlessMember, type NetworkPartner } from '@hilfenetz/domain';
import type { PersonalDataVault } from '@hilfenetz/event-store';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { NetworkStreamService, refuse } from './network-stream.service';

/**
 * What members read: the networks they belong to, and a network's directory with partners,
 * contacts and offers. A contact's details are opened for the partner's own people, the
 * coordinating office, and other partners where the consent covers the network directory; every
 * read from outside the partner organisation is written to the contact access log first.
 */
@Injectable()
export class NetworkReadsService {
  constructor(
    private readonly stream: NetworkStreamService,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  /** The networks the caller's organisation coordinates or is a partner of (read model). */
  async mine(user: Principal): Promise<NetworkSummary[]> {
    const rows: { network_id: string; name: string; kind: NetworkSummary['kind']; region: string }[] =
      await this.ds.query(
        `SELECT n.network_id, n.name, n.kind, n.region FROM networks n
          WHERE $1 = ANY (n.coordinating_organisation_ids)
             OR EXISTS (SELECT 1 FROM network_partners p WHERE p.network_id = n.network_id AND p.organisation_id = $1)
          ORDER BY n.name`,
        [user.organisationId],
      );
    return rows.map((r) => ({ networkId: r.network_id, name: r.name, kind: r.kind, region: r.region }));
  }

  async view(networkId: string, user: Principal): Promise<NetworkView> {
    const { state } = await this.stream.load(networkId);
    refuse(refuseUnlessMember(state, user));
    const coordinator = isCoordinator(state, user);
    const partners: PartnerView[] = [];
    for (const p of state.partners) partners.push(await this.partnerView(networkId, p, user, coordinator));
    return {
      networkId: state.networkId,
      name: state.name,
      kind: state.kind,
      region: state.region,
      coordinatingOrganisationIds: state.coordinatingOrganisationIds,
      subNetworks: state.subNetworks,
      partners,
      callerIs: {
        coordinator,
        partnerOrganisationId: partnerOf(state, user.organisationId) ? user.organisationId : null,
      },
    };
  }

  /**
   * The contact access log of one partner: for the partner's own contact person (whose data it is)
   * and the coordinating office; other partners learn nothing from it.
   */
  async contactAccessLog(networkId: string, organisationId: string, user: Principal): Promise<ContactAccessLogEntry[]> {
    const { state } = await this.stream.load(networkId);
    refuse(refuseUnlessMember(state, user));
    const own = user.roles.includes('partner_contact') && user.organisationId === organisationId;
    if (!own && !isCoordinator(state, user)) {
      throw new ApplicationError('network.not_your_partner', 'This is another partner organisation’s log.', [
        {
          field: 'path.organisationId',
          reason: 'only the partner’s contact person and the coordinating office read it',
        },
      ]);
    }
    const rows: {
      contact_id: string;
      reader_id: string;
      reader_role: string;
      reader_organisation_id: string;
      read_at: Date;
    }[] = await this.ds.query(
      `SELECT contact_id, reader_id, reader_role, reader_organisation_id, read_at FROM partner_contact_access_log
        WHERE network_id = $1 AND organisation_id = $2 ORDER BY id DESC LIMIT 500`,
      [networkId, organisationId],
    );
    return rows.map((r) => ({
      contactId: r.contact_id,
      readerId: r.reader_id,
      readerRole: r.reader_role,
      readerOrganisationId: r.reader_organisation_id,
      readAt: r.read_at.toISOString(),
    }));
  }

  private async partnerView(
    networkId: string,
    p: NetworkPartner,
    user: Principal,
    coordinator: boolean,
  ): Promise<PartnerView> {
    return {
      organisationId: p.organisationId,
      name: p.profile.name,
      kind: p.profile.kind,
      targetGroups: p.profile.targetGroups,
      region: p.profile.region,
      subNetworkId: p.profile.subNetworkId ?? null,
      signedAgreement: p.profile.signedAgreement ?? null,
      joinedAt: p.joinedAt,
      contactStatus: p.contact ? 'present' : 'missing',
      contact: p.contact ? await this.contactView(networkId, p, user, coordinator) : null,
      offers: p.offers.map((o) => ({
        ...o.offer,
        offerId: o.offerId,
        organisationId: p.organisationId,
        publishedAt: o.publishedAt,
      })),
    };
  }

  private async contactView(
    networkId: string,
    p: NetworkPartner,
    user: Principal,
    coordinator: boolean,
  ): Promise<ContactView> {
    const c = p.contact!;
    const outside = isOutsideRead(user.organisationId, p.organisationId);
    const mayOpen = !outside || coordinator || c.consent.scope.includes('network_directory');
    let details: PartnerContactDetails | null = null;
    if (mayOpen) {
      // Logged before the data is opened: a read that fails halfway is still on record.
      if (outside) {
        await this.ds.query(
          `INSERT INTO partner_contact_access_log
             (network_id, organisation_id, contact_id, reader_id, reader_role, reader_organisation_id)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [networkId, p.organisationId, c.contactId, user.id, user.roles.join(','), user.organisationId],
        );
      }
      const opened = await this.vault.open<PartnerContactDetails>(c.details);
      details = opened.status === 'available' ? opened.value : null;
    }
    return { contactId: c.contactId, consent: c.consent, details };
  }
}
