import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  ApplicationError,
  type CrisisBoardView,
  type CrisisLiveState,
  type CrisisNames,
  type CrisisSituation,
} from '@hilfenetz/contracts';
import {
  caseStreamId,
  crisisLiveState,
  crisisLiveStateFromLog,
  foldCrisisLog,
  initialCrisisState,
} from '@hilfenetz/domain';
import type { EventStore, PersonalDataVault } from '@hilfenetz/event-store';
import type { DataSource } from 'typeorm';
import { CrisisBoardRepository, InAppReachRepository, withRecordedReceipts } from '@hilfenetz/read-models';
import { crisisStatus } from '@hilfenetz/workflow-crisis/messages';
import { DirectoryService } from '../directory/directory.service';
import { DATA_SOURCE, EVENT_STORE, PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { crisisNotFound } from './crisis-not-found';

/** A crisis as its readers see it: its recorded state, with names and the situation opened. */
@Injectable()
export class CrisisReadsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
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

  /**
   * The crisis as its case stream records it (docs/adr/0049): the same decide/evolve the workflow
   * applies, folded over the log, so the board answers without a round trip through Temporal and a
   * worker, and while either is down. Asked of the workflow only where the log cannot say.
   */
  async status(caseId: string, crisisId: string): Promise<CrisisLiveState> {
    const state = (await this.fromLog(caseId, crisisId)) ?? (await this.fromWorkflow(caseId, crisisId));
    // Receipts of open clients are in the log before the workflow looks (docs/adr/0046).
    return withRecordedReceipts(state, await this.inAppReach.ofCrisis(crisisId));
  }

  private async fromLog(caseId: string, crisisId: string): Promise<CrisisLiveState | null> {
    const ids = { crisisId, caseId };
    const recorded = foldCrisisLog(await this.store.readStream(caseStreamId(caseId)), crisisId);
    if (recorded) return crisisLiveStateFromLog(recorded, ids);
    // Started (the trigger's claim names it) and its first step not yet written: triggering, as the
    // workflow itself answers before its first decision.
    const claimed: unknown[] = await this.ds.query(
      `SELECT 1 FROM crisis_case_claims WHERE case_id = $1 AND crisis_id = $2`,
      [caseId, crisisId],
    );
    return claimed.length > 0 ? crisisLiveState(initialCrisisState, ids) : null;
  }

  /** Crises the log cannot fold (see foldCrisisLog) and ids it does not know: the workflow's answer. */
  private async fromWorkflow(caseId: string, crisisId: string): Promise<CrisisLiveState> {
    try {
      const state = await this.temporal.workflow.getHandle(crisisId).query(crisisStatus);
      if (state.caseId !== caseId) throw crisisNotFound(crisisId);
      return state;
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
