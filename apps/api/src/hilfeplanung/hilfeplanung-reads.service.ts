import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  asKnownEvent,
  type HilfeplanungLiveState,
  type PlanView,
  type Principal,
  type SealedValue,
} from '@hilfenetz/contracts';
import { caseStreamId, planningOrganisationsOf } from '@hilfenetz/domain';
import type { PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { CasesService } from '../cases/cases.service';
import { EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { HilfeplanungWorkflow } from './hilfeplanung-workflow.service';
import { visiblePlan } from './plan-visibility';
import { partyOf } from './planning-party';

/** What the Hilfeplanung's readers see: who takes part, the live state, the plan cut to the reader. */
@Injectable()
export class HilfeplanungReadsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly workflow: HilfeplanungWorkflow,
    private readonly cases: CasesService,
  ) {}

  /** The clinics and Träger taking part in the case's planning (libs/domain planningOrganisationsOf). */
  async participatingOrganisations(caseId: string): Promise<string[]> {
    const { clinic, provider } = planningOrganisationsOf(await this.cases.factsOf(caseId));
    return [...clinic, ...provider];
  }

  /** The workflow's live state, with the delivery status of this cycle's messages from the case stream. */
  async status(caseId: string): Promise<HilfeplanungLiveState> {
    return this.workflow.withMessages(caseId, await this.workflow.liveState(caseId));
  }

  /** The plan in force, decrypted and cut to what the caller's party contributes to. */
  async plan(caseId: string, user: Principal): Promise<PlanView> {
    const events = await this.store.readStream(caseStreamId(caseId));
    const recorded = events
      .flatMap((stored) => {
        const e = asKnownEvent(stored);
        return e?.type === 'HilfeplanRecorded' ? [e] : [];
      })
      .at(-1);
    if (!recorded)
      throw new ApplicationError('planning.plan_not_recorded', `No Hilfeplan has been recorded for ${caseId}.`);
    const d = recorded.data;
    const open = async (v: SealedValue): Promise<string> => {
      const o = await this.vault.open<string>(v);
      return o.status === 'available' ? o.value : '[gelöscht]';
    };
    const full = {
      caseId,
      cycle: d.cycle,
      heldAt: d.heldAt,
      nextReviewAt: d.nextReviewAt,
      participants: d.participants,
      youngPersonView: await open(d.youngPersonView),
      goals: await Promise.all(d.goals.map(async (g) => ({ goalId: g.goalId, text: await open(g.text) }))),
      measures: await Promise.all(d.measures.map(async (m) => ({ ...m, description: await open(m.description) }))),
    };
    const reader = user.roles.includes('supervisor') ? 'supervisor' : partyOf(user);
    if (!reader) throw new ApplicationError('access.forbidden', 'Your role does not read Hilfepläne.');
    return visiblePlan(full, reader);
  }
}
