import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  ApplicationError,
  type CrisisBoardView,
  type CrisisLiveState,
  type CrisisNames,
  type CrisisSituation,
} from '@hilfenetz/contracts';
import type { PersonalDataVault } from '@hilfenetz/event-store';
import { CrisisBoardRepository, InAppReachRepository, withRecordedReceipts } from '@hilfenetz/read-models';
import { crisisStatus } from '@hilfenetz/workflow-crisis/messages';
import { DirectoryService } from '../directory/directory.service';
import { PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { crisisNotFound } from './crisis-not-found';

/** A crisis as its readers see it: the workflow's live state, with names and the situation opened. */
@Injectable()
export class CrisisReadsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly directory: DirectoryService,
    private readonly board: CrisisBoardRepository,
    private readonly inAppReach: InAppReachRepository,
  ) {}

  /**
   * The live state with the situation opened for a caller the controller already let in, and the
   * names of the organisations, contacts (the agreement the crisis runs under) and people shown.
   */
  async view(state: CrisisLiveState): Promise<CrisisBoardView> {
    const { situation, ...rest } = state;
    const agreementNames = await this.directory.agreementNames(state.agreement);
    // What arrived late from offline devices: kept by the projector beside the board (docs/adr/0034).
    const offlineEntries = await this.board.offlineEntriesOf(state.crisisId);
    const people = await this.directory.people([
      ...state.tasks.flatMap((t) => (t.acknowledgedBy ? [t.acknowledgedBy.id] : [])),
      ...offlineEntries.map((e) => e.actorId),
    ]);
    const names: CrisisNames = {
      organisations: Object.fromEntries(agreementNames.organisations),
      contacts: Object.fromEntries(agreementNames.contacts),
      people: Object.fromEntries(people),
    };
    if (!situation) return { ...rest, situation: null, names, offlineEntries };
    const opened = await this.vault.open<CrisisSituation>(situation);
    return {
      ...rest,
      names,
      offlineEntries,
      situation:
        opened.status === 'erased'
          ? opened
          : { status: 'available', location: opened.value.location ?? null, note: opened.value.note ?? null },
    };
  }

  async status(caseId: string, crisisId: string): Promise<CrisisLiveState> {
    try {
      const state = await this.temporal.workflow.getHandle(crisisId).query(crisisStatus);
      if (state.caseId !== caseId) throw crisisNotFound(crisisId);
      // Receipts of open clients are in the log before the workflow looks (docs/adr/0046).
      return withRecordedReceipts(state, await this.inAppReach.ofCrisis(crisisId));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw crisisNotFound(crisisId);
      throw err;
    }
  }

  /** The live state, or null when there is no such crisis for this case. */
  async findStatus(caseId: string, crisisId: string): Promise<CrisisLiveState | null> {
    try {
      return await this.status(caseId, crisisId);
    } catch (err) {
      if (err instanceof ApplicationError && err.code === 'crisis.not_found') return null;
      throw err;
    }
  }

  /** The organisation that triggered the crisis (null for an unknown one or one without the memo). */
  async triggeringOrganisation(crisisId: string): Promise<string | null> {
    try {
      const memo = ((await this.temporal.workflow.getHandle(crisisId).describe()).memo ?? {}) as {
        triggeredByOrganisationId?: unknown;
      };
      return typeof memo.triggeredByOrganisationId === 'string' ? memo.triggeredByOrganisationId : null;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }
}
