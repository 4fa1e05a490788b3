import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type GuardianDetails,
  type GuardianDetailsChangedData,
  type GuardianRecordedData,
  type GuardianRemovedData,
  type GuardianView,
  type NewEvent,
  type Principal,
} from '@hilfenetz/contracts';
import {
  caseStreamId,
  MAX_GUARDIANS,
  nextGuardianRank,
  type CaseRegistration,
  type RecordedGuardian,
} from '@hilfenetz/domain';
import {
  DataSubjectErased,
  StreamVersionConflict,
  type EventStore,
  type PersonalDataVault,
} from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { randomUUID } from 'node:crypto';
import { CLOCK, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { CasesService, metadataOf } from './cases.service';

/** What a change decides from the guardians as they are now: the event to append and the answer. */
type Decision = { event: { type: string; data: unknown }; answer: () => Promise<GuardianView | null> };

/**
 * The guardians of a case (persons with custody, the Vormund): recorded, changed and removed as
 * events on the case stream, their details sealed under the young person's key. Each change is
 * appended against the stream version it was decided on, so two people adding at once cannot both
 * take the same rank; a lost race is decided again on the new state.
 */
@Injectable()
export class GuardiansService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly cases: CasesService,
    private readonly facts: CaseFactsRepository,
  ) {}

  async add(caseId: string, details: GuardianDetails, user: Principal, correlationId: string): Promise<GuardianView> {
    const guardianId = `g-${randomUUID()}`;
    const view = await this.change(caseId, user, correlationId, async (registration, guardians) => {
      if (guardians.length >= MAX_GUARDIANS) {
        throw new ApplicationError('guardian.too_many', `A case records at most ${MAX_GUARDIANS} guardians.`, [
          { field: 'body', reason: `the case already has ${MAX_GUARDIANS} guardians; remove one first` },
        ]);
      }
      const rank = nextGuardianRank(guardians);
      if (rank === null) {
        throw new ApplicationError(
          'guardian.no_rank_left',
          'Guardians were added and removed too often on this case.',
          [{ field: 'body', reason: 'no guardian rank is left; remove and re-register the guardians in order' }],
        );
      }
      const data: GuardianRecordedData = {
        caseId,
        guardianId,
        rank,
        details: await this.seal(registration, details),
        recordedAt: this.clock().toISOString(),
      };
      return { event: { type: 'GuardianRecorded', data }, answer: () => this.viewOf(caseId, guardianId) };
    });
    return view!;
  }

  async replace(
    caseId: string,
    guardianId: string,
    details: GuardianDetails,
    user: Principal,
    correlationId: string,
  ): Promise<GuardianView> {
    const view = await this.change(caseId, user, correlationId, async (registration, guardians) => {
      this.find(guardians, guardianId);
      const data: GuardianDetailsChangedData = {
        caseId,
        guardianId,
        details: await this.seal(registration, details),
        changedAt: this.clock().toISOString(),
      };
      return { event: { type: 'GuardianDetailsChanged', data }, answer: () => this.viewOf(caseId, guardianId) };
    });
    return view!;
  }

  async remove(caseId: string, guardianId: string, user: Principal, correlationId: string): Promise<void> {
    await this.change(caseId, user, correlationId, (_registration, guardians) => {
      this.find(guardians, guardianId);
      const data: GuardianRemovedData = { caseId, guardianId, removedAt: this.clock().toISOString() };
      return Promise.resolve({ event: { type: 'GuardianRemoved', data }, answer: () => Promise.resolve(null) });
    });
  }

  private async change(
    caseId: string,
    user: Principal,
    correlationId: string,
    decide: (registration: CaseRegistration, guardians: RecordedGuardian[]) => Promise<Decision>,
  ): Promise<GuardianView | null> {
    for (let attempt = 1; ; attempt++) {
      const facts = await this.facts.get(caseId);
      // Guardians need the young person's key: a bare crisis reference has none yet.
      const registration = facts.registration ?? (await this.cases.registered(caseId));
      const decision = await decide(registration, facts.guardians);
      const event: NewEvent = {
        eventId: randomUUID(),
        type: decision.event.type,
        schemaVersion: 1,
        data: decision.event.data,
        metadata: { ...metadataOf(user, correlationId), legalBasis: '§62 SGB VIII (Datenerhebung)' },
      };
      try {
        await this.store.append(caseStreamId(caseId), [event], facts.version);
        return decision.answer();
      } catch (err) {
        if (!(err instanceof StreamVersionConflict) || attempt >= 5) throw err;
      }
    }
  }

  private async seal(registration: CaseRegistration, details: GuardianDetails) {
    try {
      return await this.vault.seal(registration.youngPersonSubjectId, details);
    } catch (err) {
      if (!(err instanceof DataSubjectErased)) throw err;
      throw new ApplicationError(
        'case.erased',
        'The young person’s data was erased; no guardian details can be recorded for this case.',
        [{ field: 'path.caseId', reason: 'erased' }],
      );
    }
  }

  private find(guardians: RecordedGuardian[], guardianId: string): RecordedGuardian {
    const found = guardians.find((g) => g.guardianId === guardianId);
    if (!found) {
      throw new ApplicationError('guardian.not_found', `No guardian ${guardianId} is recorded for this case.`, [
        { field: 'path.guardianId', reason: 'unknown guardian' },
      ]);
    }
    return found;
  }

  private async viewOf(caseId: string, guardianId: string): Promise<GuardianView> {
    const { guardians } = await this.facts.get(caseId);
    const [view] = await this.cases.openGuardians([this.find(guardians, guardianId)]);
    return view!;
  }
}
