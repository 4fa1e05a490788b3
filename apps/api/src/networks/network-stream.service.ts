import { Inject, Injectable } from '@nestjs/common';
import { ApplicationError, type NewEvent, type Principal } from '@hilfenetz/contracts';
import { foldNetwork, networkStreamId, type NetworkRefusal, type NetworkState } from '@hilfenetz/domain';
import { StreamVersionConflict, type TransactionalEventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { metadataOf } from '../cases/cases.service';
import { EVENT_STORE } from '../infrastructure/tokens';

/** What a command decides from the network as it is now: the events to append, and its answer. */
export interface NetworkDecision<T> {
  events: { type: string; data: unknown }[];
  answer: T;
}

/**
 * A network's stream: folded for every command and read (networks are small), appended against
 * the version the decision was taken on; a lost race is decided again on the new state.
 */
@Injectable()
export class NetworkStreamService {
  constructor(@Inject(EVENT_STORE) private readonly store: TransactionalEventStore) {}

  async load(networkId: string): Promise<{ state: NetworkState; version: number }> {
    const events = await this.store.readStream(networkStreamId(networkId));
    const state = foldNetwork(events);
    if (!state) {
      throw new ApplicationError('network.not_found', `No network ${networkId}.`, [
        { field: 'path.networkId', reason: 'unknown network' },
      ]);
    }
    return { state, version: events.at(-1)!.streamVersion };
  }

  async exists(networkId: string): Promise<boolean> {
    return (await this.store.readStream(networkStreamId(networkId))).length > 0;
  }

  /** Decides on the current state and appends; retried on a concurrent change. */
  async change<T>(
    networkId: string,
    user: Principal,
    correlationId: string,
    decide: (state: NetworkState) => Promise<NetworkDecision<T>>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.load(networkId);
      const decision = await decide(state);
      try {
        await this.store.append(networkStreamId(networkId), this.toNew(decision.events, user, correlationId), version);
        return decision.answer;
      } catch (err) {
        if (!(err instanceof StreamVersionConflict) || attempt >= 5) throw err;
      }
    }
  }

  /** The first event of a new network's stream. */
  async found(networkId: string, event: { type: string; data: unknown }, user: Principal, correlationId: string) {
    try {
      await this.store.append(networkStreamId(networkId), this.toNew([event], user, correlationId), 'no_stream');
    } catch (err) {
      if (!(err instanceof StreamVersionConflict)) throw err;
      throw new ApplicationError('network.exists', `A network ${networkId} exists already.`, [
        { field: 'body.networkId', reason: 'taken' },
      ]);
    }
  }

  /** Appends inside the caller's transaction (a guarded write that must commit with its event). */
  async appendInTransaction(
    m: EntityManager,
    networkId: string,
    events: NewEvent[],
    expectedVersion: number,
  ): Promise<void> {
    await this.store.lockStream(m, networkStreamId(networkId));
    await this.store.appendInTransaction(m, networkStreamId(networkId), events, expectedVersion);
  }

  toNew(events: { type: string; data: unknown }[], user: Principal, correlationId: string): NewEvent[] {
    return events.map((e) => ({
      eventId: randomUUID(),
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      metadata: metadataOf(user, correlationId),
    }));
  }
}

/** A refusal of the network's rules as the API answers it (problem+json naming the reason). */
export function refuse(refusal: NetworkRefusal | null, field = 'state'): void {
  if (!refusal) return;
  const messages: Record<NetworkRefusal['code'], string> = {
    'network.not_member': 'Your organisation is not a member of this network.',
    'network.not_coordinator': 'Only the coordinating office of this network may do this.',
    'network.not_your_partner': 'This belongs to another partner organisation.',
    'network.partner_not_found': 'This organisation is not a partner of the network.',
  };
  throw new ApplicationError(refusal.code, messages[refusal.code], [{ field, reason: refusal.reason }]);
}
