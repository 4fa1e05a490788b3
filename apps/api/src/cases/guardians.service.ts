import { Inject, Injectable } from '@nestjs/common';
import type {
  GuardianDetails,
  GuardianDetailsChangedData,
  GuardianRecordedData,
  GuardianRemovedData,
  GuardianView,
  NewEvent,
  Principal,
  CaseRegisteredData,
} from '@hilfenetz/contracts';
import { caseStreamId, guardiansOf, MAX_GUARDIANS, nextGuardianRank, type RecordedGuardian } from '@hilfenetz/domain';
import {
  DataSubjectErased,
  StreamVersionConflict,
  type PersonalDataVault,
  type PostgresEventStore,
} from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { ProblemException } from '../common/problem-details.filter';
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
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly cases: CasesService,
  ) {}

  async add(caseId: string, details: GuardianDetails, user: Principal, correlationId: string): Promise<GuardianView> {
    const guardianId = `g-${randomUUID()}`;
    const view = await this.change(caseId, user, correlationId, async (registration, guardians) => {
      if (guardians.length >= MAX_GUARDIANS) {
        throw new ProblemException(422, 'Too many guardians', `A case records at most ${MAX_GUARDIANS} guardians.`, [
          { field: 'body', reason: `the case already has ${MAX_GUARDIANS} guardians; remove one first` },
        ]);
      }
      const rank = nextGuardianRank(guardians);
      if (rank === null) {
        throw new ProblemException(422, 'No rank left', 'Guardians were added and removed too often on this case.', [
          { field: 'body', reason: 'no guardian rank is left; remove and re-register the guardians in order' },
        ]);
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
    decide: (registration: CaseRegisteredData, guardians: RecordedGuardian[]) => Promise<Decision>,
  ): Promise<GuardianView | null> {
    for (let attempt = 1; ; attempt++) {
      const events = await this.store.readStream(caseStreamId(caseId));
      const registered = events.find((e) => e.type === 'CaseRegistered');
      // Guardians need the young person's key: a bare crisis reference has none yet.
      if (!registered) await this.cases.registered(caseId);
      const decision = await decide(registered!.data as CaseRegisteredData, guardiansOf(events));
      const event: NewEvent = {
        eventId: randomUUID(),
        type: decision.event.type,
        schemaVersion: 1,
        data: decision.event.data,
        metadata: { ...metadataOf(user, correlationId), legalBasis: '§62 SGB VIII (Datenerhebung)' },
      };
      try {
        await this.store.append(caseStreamId(caseId), [event], events[events.length - 1]!.streamVersion);
        return decision.answer();
      } catch (err) {
        if (!(err instanceof StreamVersionConflict) || attempt >= 5) throw err;
      }
    }
  }

  private async seal(registration: CaseRegisteredData, details: GuardianDetails) {
    try {
      return await this.vault.seal(registration.youngPersonSubjectId, details);
    } catch (err) {
      if (!(err instanceof DataSubjectErased)) throw err;
      throw new ProblemException(
        409,
        'Case erased',
        'The young person’s data was erased; no guardian details can be recorded for this case.',
        [{ field: 'path.caseId', reason: 'erased' }],
      );
    }
  }

  private find(guardians: RecordedGuardian[], guardianId: string): RecordedGuardian {
    const found = guardians.find((g) => g.guardianId === guardianId);
    if (!found) {
      throw new ProblemException(404, 'Guardian not found', `No guardian ${guardianId} is recorded for this case.`, [
        { field: 'path.guardianId', reason: 'unknown guardian' },
      ]);
    }
    return found;
  }

  private async viewOf(caseId: string, guardianId: string): Promise<GuardianView> {
    const guardians = guardiansOf(await this.store.readStream(caseStreamId(caseId)));
    const [view] = await this.cases.openGuardians([this.find(guardians, guardianId)]);
    return view!;
  }
}
