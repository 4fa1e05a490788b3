import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  networkWeaknessRegisterStreamId,
  recordNetworkWeaknessRequest,
  type GroupNetworkWeaknessesRequest,
  type NetworkWeaknessEntry,
  type NetworkWeaknessesGroupedData,
  type NetworkWeaknessProposedData,
  type NetworkWeaknessRecordedData,
  type NetworkWeaknessRegister,
  type NetworkWeaknessStatusChangedData,
  type Principal,
  type ProposeNetworkWeaknessRequest,
  type WeaknessStatus,
} from '@hilfenetz/contracts';
import { isCoordinator, refuseUnlessCoordinator, refuseUnlessMember } from '@hilfenetz/domain';
import type { EventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { actingRole } from '../auth/acting-role';
import { metadataOf } from '../cases/cases.service';
import { CLOCK, DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';
import { refuseIdentifyingText } from '../quality-annotations/identifying-text.guard';
import { NetworkStreamService, refuse } from './network-stream.service';

interface Actor {
  id: string;
  role: string;
  organisationId: string;
}

interface Row {
  weakness_id: string;
  network_id: string;
  kind: NetworkWeaknessEntry['kind'];
  what: string;
  interface_label: string;
  example: string;
  group_label: string | null;
  proposal: NetworkWeaknessEntry['proposal'];
  status: WeaknessStatus;
  registered_by: Actor;
  registered_at: Date;
  status_changed_by: Actor;
  status_changed_at: Date;
  history: { status: WeaknessStatus; changedBy: Actor; changedAt: string }[];
}

/**
 * The network's scope of the register of weaknesses (issue 17 part 7, ADR 0039, building on ADR
 * 0036): members record weaknesses at interfaces directly; the coordinating office groups them,
 * proposes them to a committee or for the next agreement version and tracks their status. One
 * register: the same `weakness_register` table and projection, scope `network`.
 */
@Injectable()
export class NetworkRegisterService {
  constructor(
    private readonly network: NetworkStreamService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async list(networkId: string, user: Principal): Promise<NetworkWeaknessRegister> {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM weakness_register WHERE scope = 'network' AND network_id = $1
        ORDER BY registered_at DESC, weakness_id LIMIT 1000`,
      [networkId],
    );
    return { networkId, entries: rows.map((r) => this.view(r)), callerIsCoordinator: isCoordinator(state, user) };
  }

  async record(
    networkId: string,
    body: z.output<typeof recordNetworkWeaknessRequest>,
    user: Principal,
    correlationId: string,
  ): Promise<{ weaknessId: string }> {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    refuseIdentifyingText({ 'body.what': body.what, 'body.where': body.where, 'body.example': body.example });
    const data: NetworkWeaknessRecordedData = {
      networkId,
      weaknessId: `w-${randomUUID()}`,
      kind: body.kind,
      what: body.what.trim(),
      where: body.where.trim(),
      example: body.example.trim(),
      recordedBy: this.actor(user),
      recordedAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkWeaknessRecorded', data, user, correlationId);
    return { weaknessId: data.weaknessId };
  }

  async group(networkId: string, body: GroupNetworkWeaknessesRequest, user: Principal, correlationId: string) {
    await this.coordinatorOf(networkId, user);
    refuseIdentifyingText({ 'body.group': body.group });
    const known = await this.knownIds(networkId);
    const unknown = body.weaknessIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new ApplicationError('weakness.not_found', 'Nicht jeder Eintrag gehört zum Register dieses Netzwerks.', [
        { field: 'body.weaknessIds', reason: `unknown entries: ${unknown.length}` },
      ]);
    }
    const data: NetworkWeaknessesGroupedData = {
      networkId,
      weaknessIds: [...new Set(body.weaknessIds)],
      group: body.group.trim(),
      groupedBy: this.actor(user),
      groupedAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkWeaknessesGrouped', data, user, correlationId);
  }

  async propose(
    networkId: string,
    weaknessId: string,
    body: ProposeNetworkWeaknessRequest,
    user: Principal,
    correlationId: string,
  ) {
    await this.coordinatorOf(networkId, user);
    refuseIdentifyingText({ 'body.proposal': body.proposal });
    await this.requireEntry(networkId, weaknessId);
    const data: NetworkWeaknessProposedData = {
      networkId,
      weaknessId,
      target: body.target,
      proposal: body.proposal.trim(),
      proposedBy: this.actor(user),
      proposedAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkWeaknessProposed', data, user, correlationId);
  }

  async changeStatus(
    networkId: string,
    weaknessId: string,
    status: WeaknessStatus,
    user: Principal,
    correlationId: string,
  ) {
    await this.coordinatorOf(networkId, user);
    await this.requireEntry(networkId, weaknessId);
    const data: NetworkWeaknessStatusChangedData = {
      networkId,
      weaknessId,
      status,
      changedBy: this.actor(user),
      changedAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkWeaknessStatusChanged', data, user, correlationId);
  }

  private async coordinatorOf(networkId: string, user: Principal) {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    refuse(refuseUnlessCoordinator(state, user));
  }

  /** The entries of this network's register, from its stream (strongly consistent). */
  private async knownIds(networkId: string): Promise<Set<string>> {
    const events = await this.store.readStream(networkWeaknessRegisterStreamId(networkId));
    return new Set(
      events
        .filter((e) => e.type === 'NetworkWeaknessRecorded')
        .map((e) => (e.data as { weaknessId: string }).weaknessId),
    );
  }

  private async requireEntry(networkId: string, weaknessId: string) {
    if (!(await this.knownIds(networkId)).has(weaknessId)) {
      throw new ApplicationError('weakness.not_found', `No register entry ${weaknessId}.`, [
        { field: 'path.weaknessId', reason: 'unknown entry' },
      ]);
    }
  }

  private actor(user: Principal): Actor {
    return { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId };
  }

  private async append(networkId: string, type: string, data: unknown, user: Principal, correlationId: string) {
    await this.store.append(networkWeaknessRegisterStreamId(networkId), [
      { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: metadataOf(user, correlationId) },
    ]);
  }

  private view(r: Row): NetworkWeaknessEntry {
    // Who acted shows as role and organisation, never as a person.
    const actor = (a: Actor) => ({ role: a.role, organisationId: a.organisationId });
    return {
      weaknessId: r.weakness_id,
      networkId: r.network_id,
      kind: r.kind,
      what: r.what,
      where: r.interface_label,
      example: r.example,
      group: r.group_label,
      proposal: r.proposal,
      status: r.status,
      recordedBy: actor(r.registered_by),
      recordedAt: new Date(r.registered_at).toISOString(),
      statusChangedBy: actor(r.status_changed_by),
      statusChangedAt: new Date(r.status_changed_at).toISOString(),
      history: r.history.map((h) => ({
        status: h.status,
        changedBy: actor(h.changedBy),
        changedAt: new Date(h.changedAt).toISOString(),
      })),
    };
  }
}
