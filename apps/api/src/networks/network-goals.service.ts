import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  networkGoalsStreamId,
  type AnnualGoalList,
  type GoalStatus,
  type NetworkAnnualGoalSetData,
  type NetworkAnnualGoalStatusChangedData,
  type Principal,
  type SetAnnualGoalRequest,
} from '@hilfenetz/contracts';
import { foldAnnualGoals, refuseUnlessCoordinator, refuseUnlessMember } from '@hilfenetz/domain';
import type { EventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { actingRole } from '../auth/acting-role';
import { metadataOf } from '../cases/cases.service';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';
import { refuseIdentifyingText } from '../quality-annotations/identifying-text.guard';
import { NetworkStreamService, refuse } from './network-stream.service';

/** A network's annual goals with their implementation plan and status (issue 17 part 7, ADR 0039). */
@Injectable()
export class NetworkGoalsService {
  constructor(
    private readonly network: NetworkStreamService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async list(networkId: string, user: Principal): Promise<AnnualGoalList> {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    const goals = foldAnnualGoals(await this.store.readStream(networkGoalsStreamId(networkId)));
    const actor = (a: { role: string; organisationId: string }) => ({ role: a.role, organisationId: a.organisationId });
    return {
      goals: goals
        .sort((a, b) => b.year - a.year || a.title.localeCompare(b.title))
        .map((g) => ({ ...g, history: g.history.map((h) => ({ ...h, changedBy: actor(h.changedBy) })) })),
    };
  }

  async set(networkId: string, body: SetAnnualGoalRequest, user: Principal, correlationId: string) {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    refuse(refuseUnlessCoordinator(state, user));
    refuseIdentifyingText({
      'body.title': body.title,
      ...Object.fromEntries(body.plan.map((p, i) => [`body.plan.${i}.step`, p.step])),
    });
    const known = new Set([...state.coordinatingOrganisationIds, ...state.partners.map((p) => p.organisationId)]);
    const stranger = body.plan.findIndex((p) => p.organisationId !== undefined && !known.has(p.organisationId));
    if (stranger >= 0) {
      throw new ApplicationError('network.partner_not_found', 'Diese Organisation gehört nicht zum Netzwerk.', [
        { field: `body.plan.${stranger}.organisationId`, reason: 'not a partner or coordinating office' },
      ]);
    }
    const data: NetworkAnnualGoalSetData = {
      networkId,
      goalId: `ng-${randomUUID()}`,
      year: body.year,
      title: body.title.trim(),
      plan: body.plan,
      setBy: this.actor(user),
      setAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkAnnualGoalSet', data, user, correlationId);
    return { goalId: data.goalId };
  }

  async changeStatus(networkId: string, goalId: string, status: GoalStatus, user: Principal, correlationId: string) {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    refuse(refuseUnlessCoordinator(state, user));
    const goals = foldAnnualGoals(await this.store.readStream(networkGoalsStreamId(networkId)));
    if (!goals.some((g) => g.goalId === goalId)) {
      throw new ApplicationError('network.goal_not_found', `No annual goal ${goalId}.`, [
        { field: 'path.goalId', reason: 'unknown goal' },
      ]);
    }
    const data: NetworkAnnualGoalStatusChangedData = {
      networkId,
      goalId,
      status,
      changedBy: this.actor(user),
      changedAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkAnnualGoalStatusChanged', data, user, correlationId);
  }

  private actor(user: Principal) {
    return { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId };
  }

  private async append(networkId: string, type: string, data: unknown, user: Principal, correlationId: string) {
    await this.store.append(networkGoalsStreamId(networkId), [
      { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: metadataOf(user, correlationId) },
    ]);
  }
}
