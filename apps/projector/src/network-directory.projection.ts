import { asKnownEvent, type Offer, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * The networks' directory (issue 17, docs/adr/0035): networks, their current partners with their
 * organisational profile and whether a consented contact exists, and the partners' offers — for
 * the list of a caller's networks and the public offer page. A contact's personal data is never
 * projected: it stays sealed in the network stream. A partner that leaves takes its offers along.
 */
export class NetworkDirectoryProjection implements Projection {
  readonly name = 'network-directory';
  readonly tables = ['networks', 'network_partners', 'network_offers'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const e = asKnownEvent(stored);
      if (!e) continue;
      switch (e.type) {
        case 'NetworkFounded':
          await m.query(
            `INSERT INTO networks (network_id, name, kind, region, coordinating_organisation_ids)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (network_id) DO NOTHING`,
            [e.data.networkId, e.data.name, e.data.kind, e.data.region, e.data.coordinatingOrganisationIds],
          );
          break;
        case 'NetworkPartnerJoined':
        case 'NetworkPartnerProfileChanged': {
          const p = e.data.profile;
          await m.query(
            `INSERT INTO network_partners (network_id, organisation_id, name, kind, target_groups, region)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (network_id, organisation_id) DO UPDATE
               SET name = EXCLUDED.name, kind = EXCLUDED.kind, target_groups = EXCLUDED.target_groups,
                   region = EXCLUDED.region`,
            [e.data.networkId, e.data.organisationId, p.name, p.kind, p.targetGroups, p.region],
          );
          break;
        }
        case 'NetworkPartnerLeft':
          await m.query(`DELETE FROM network_offers WHERE network_id = $1 AND organisation_id = $2`, [
            e.data.networkId,
            e.data.organisationId,
          ]);
          await m.query(`DELETE FROM network_partners WHERE network_id = $1 AND organisation_id = $2`, [
            e.data.networkId,
            e.data.organisationId,
          ]);
          break;
        case 'PartnerContactConsented':
        case 'PartnerContactConsentWithdrawn':
          await m.query(`UPDATE network_partners SET has_contact = $3 WHERE network_id = $1 AND organisation_id = $2`, [
            e.data.networkId,
            e.data.organisationId,
            e.type === 'PartnerContactConsented',
          ]);
          break;
        case 'NetworkOfferPublished':
        case 'NetworkOfferChanged': {
          const o: Offer = e.data.offer;
          const at = e.type === 'NetworkOfferPublished' ? e.data.publishedAt : e.data.changedAt;
          await m.query(
            `INSERT INTO network_offers (offer_id, network_id, organisation_id, title, description, target_groups,
                                         region, place, how_to_reach, cost, languages, published_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (offer_id) DO UPDATE
               SET title = EXCLUDED.title, description = EXCLUDED.description,
                   target_groups = EXCLUDED.target_groups, region = EXCLUDED.region, place = EXCLUDED.place,
                   how_to_reach = EXCLUDED.how_to_reach, cost = EXCLUDED.cost, languages = EXCLUDED.languages`,
            [
              e.data.offerId,
              e.data.networkId,
              e.data.organisationId,
              o.title,
              o.description,
              o.targetGroups,
              o.region,
              o.place,
              o.howToReach,
              o.cost,
              o.languages,
              at,
            ],
          );
          break;
        }
        case 'NetworkOfferWithdrawn':
          await m.query(`DELETE FROM network_offers WHERE offer_id = $1`, [e.data.offerId]);
          break;
        default:
          break;
      }
    }
  }
}
