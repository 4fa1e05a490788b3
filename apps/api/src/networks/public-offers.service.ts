import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type PartnerKind,
  type PublicOfferList,
  type PublicOfferQuery,
  type TargetGroup,
} from '@hilfenetz/contracts';
import { offerMatches } from '@hilfenetz/domain';
import { pgPool } from '@hilfenetz/persistence';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@hilfenetz/config';
import { APP_CONFIG, DATA_SOURCE } from '../infrastructure/tokens';

/**
 * The public offer page (issue 17 part 3): every current partner's offers, searchable by region,
 * target group and language. Read from the projected offers and partners only — organisational
 * data; the read model holds no contact person at all.
 */
@Injectable()
export class PublicOffersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: PublicOfferQuery, clientKey: string): Promise<PublicOfferList> {
    await this.countRead(clientKey);
    const rows: {
      offer_id: string;
      title: string;
      description: string;
      target_groups: TargetGroup[];
      region: string;
      place: string;
      how_to_reach: string;
      cost: string;
      languages: string[];
      network_name: string;
      partner_name: string;
      partner_kind: PartnerKind;
    }[] = await this.ds.query(
      `SELECT o.offer_id, o.title, o.description, o.target_groups, o.region, o.place, o.how_to_reach, o.cost,
              o.languages, n.name AS network_name, p.name AS partner_name, p.kind AS partner_kind
         FROM network_offers o
         JOIN network_partners p ON p.network_id = o.network_id AND p.organisation_id = o.organisation_id
         JOIN networks n ON n.network_id = o.network_id
        ORDER BY o.title, o.offer_id`,
    );
    const offers = rows
      .map((r) => ({
        offerId: r.offer_id,
        title: r.title,
        description: r.description,
        targetGroups: r.target_groups,
        region: r.region,
        place: r.place,
        howToReach: r.how_to_reach,
        cost: r.cost,
        languages: r.languages,
        networkName: r.network_name,
        partnerName: r.partner_name,
        partnerKind: r.partner_kind,
      }))
      .filter((o) => offerMatches(o, query));
    return { offers };
  }

  /**
   * Same fixed-window table as the write and case-read limits, keyed by the caller's address
   * (PUBLIC_OFFER_READS_PER_MINUTE): enough for people, not for scraping in bulk.
   */
  private async countRead(clientKey: string): Promise<void> {
    const ttlMs = 60_000;
    const limit = this.config.PUBLIC_OFFER_READS_PER_MINUTE;
    const { rows } = await pgPool(this.ds).query<{ hits: number; ms_left: number }>({
      name: 'hilfenetz_public_offer_rate_limit',
      text: `INSERT INTO write_rate_limits AS w (key, window_ends_at, hits)
             VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond', 1)
             ON CONFLICT (key) DO UPDATE SET
               hits = CASE WHEN w.window_ends_at <= clock_timestamp() THEN 1 ELSE w.hits + 1 END,
               window_ends_at = CASE WHEN w.window_ends_at <= clock_timestamp()
                                     THEN EXCLUDED.window_ends_at ELSE w.window_ends_at END
             RETURNING hits, GREATEST(0, EXTRACT(EPOCH FROM (window_ends_at - clock_timestamp())) * 1000)::float8 AS ms_left`,
      values: [`public-offers:${limit}/${ttlMs}:${clientKey}`, ttlMs],
    });
    const row = rows[0]!;
    if (row.hits <= limit) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(row.ms_left / 1000));
    throw new ApplicationError(
      'access.rate_limited',
      `At most ${limit} searches per minute. Try again in ${retryAfterSeconds} s.`,
      [],
      { retryAfterSeconds },
    );
  }
}
