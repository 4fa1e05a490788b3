import { Inject, Injectable } from '@nestjs/common';
import { networkGoalsStreamId, type GoalStatus, type Principal } from '@hilfenetz/contracts';
import {
  berlinYear,
  foldAnnualGoals,
  networkStreamId,
  refuseUnlessMember,
  type AnnualReportFigures,
} from '@hilfenetz/domain';
import type { EventStore } from '@hilfenetz/event-store';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';
import { NetworkStreamService, refuse } from './network-stream.service';

/**
 * The year's figures of a network for its committee (issue 17 part 7, ADR 0039): counts only.
 * Meetings are counted from the network stream's `NetworkMeetingScheduled` events of the year
 * (issue 17 part 4 writes them; 0 where none were recorded); consultations, referrals and the
 * register from their read models; partners, offers and goals from their streams.
 */
@Injectable()
export class NetworkAnnualReportService {
  constructor(
    private readonly network: NetworkStreamService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  async figures(networkId: string, year: number, user: Principal): Promise<AnnualReportFigures> {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    const inYear = (iso: string) => berlinYear(iso) === year;
    const stream = await this.store.readStream(networkStreamId(networkId));
    const meetings = stream.filter((e) => e.type === 'NetworkMeetingScheduled' && inYear(e.recordedAt)).length;
    const joinedInYear = stream.filter((e) => e.type === 'NetworkPartnerJoined' && inYear(e.recordedAt)).length;
    const bounds = [`${year}-01-01T00:00:00+01:00`, `${year + 1}-01-01T00:00:00+01:00`];

    const [c]: { total: string; specialists: string; examples: string }[] = await this.ds.query(
      `SELECT count(*) AS total, count(*) FILTER (WHERE addressed_to_kind = 'specialist') AS specialists,
              count(*) FILTER (WHERE case_example) AS examples
         FROM network_consultations WHERE network_id = $1 AND asked_at >= $2 AND asked_at < $3`,
      [networkId, ...bounds],
    );
    const [r]: Record<'total' | 'accepted' | 'declined' | 'open' | 'missed', string>[] = await this.ds.query(
      `SELECT count(*) AS total, count(*) FILTER (WHERE status = 'accepted') AS accepted,
              count(*) FILTER (WHERE status = 'declined') AS declined, count(*) FILTER (WHERE status = 'open') AS open,
              count(*) FILTER (WHERE deadline_missed) AS missed
         FROM network_referrals WHERE network_id = $1 AND sent_at >= $2 AND sent_at < $3`,
      [networkId, ...bounds],
    );
    const register: { status: string; n: string; in_year: string; proposals: string }[] = await this.ds.query(
      `SELECT status, count(*) AS n, count(*) FILTER (WHERE registered_at >= $2 AND registered_at < $3) AS in_year,
              count(*) FILTER (WHERE proposal IS NOT NULL) AS proposals
         FROM weakness_register WHERE scope = 'network' AND network_id = $1 GROUP BY status`,
      [networkId, ...bounds],
    );
    const goals = foldAnnualGoals(await this.store.readStream(networkGoalsStreamId(networkId))).filter(
      (g) => g.year === year,
    );
    const byGoalStatus: Record<GoalStatus, number> = { planned: 0, in_progress: 0, achieved: 0, not_achieved: 0 };
    for (const g of goals) byGoalStatus[g.status] += 1;
    const n = (v: string | undefined) => Number(v ?? 0);
    return {
      networkName: state.name,
      year,
      meetings,
      partners: { current: state.partners.length, joinedInYear },
      offers: state.partners.reduce((sum, p) => sum + p.offers.length, 0),
      consultations: { total: n(c?.total), toSpecialists: n(c?.specialists), caseExamples: n(c?.examples) },
      referrals: {
        total: n(r?.total),
        accepted: n(r?.accepted),
        declined: n(r?.declined),
        open: n(r?.open),
        deadlineMissed: n(r?.missed),
      },
      register: {
        total: register.reduce((s, x) => s + n(x.n), 0),
        recordedInYear: register.reduce((s, x) => s + n(x.in_year), 0),
        byStatus: Object.fromEntries(register.map((x) => [x.status, n(x.n)])),
        proposals: register.reduce((s, x) => s + n(x.proposals), 0),
      },
      goals: { total: goals.length, byStatus: byGoalStatus },
    };
  }
}
