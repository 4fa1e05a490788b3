import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationFailure,
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  asKnownEvent,
  hilfeplanungIdFor,
  isPlanningRefusalCode,
  hilfeplanungWorkflowType,
  type Actor,
  type CooperationAgreement,
  type EndHelpArgs,
  type FamilyNotifyChoice,
  type HilfeplanungLiveState,
  type MeetingNotifyRequest,
  type HilfeplanungWorkflowInput,
  type PlanningParty,
  type PlanView,
  type Principal,
  type RecordPlanRequest,
  type SealedValue,
  type StartHilfeplanungRequest,
} from '@hilfenetz/contracts';
import { caseStreamId, DomainRuleViolation, hilfeplanungRulesOf, planningOrganisationsOf } from '@hilfenetz/domain';
import type { PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { sealFreeText, sealOptionalText } from '../cases/free-text';
import {
  answerInvitation,
  endHelp,
  hilfeplanungStatus,
  planningStarted,
  recordPlan,
  requestReview,
  scheduleMeeting,
  submitStatement,
} from '@hilfenetz/workflow-hilfeplanung/messages';
import { actingRole } from '../auth/acting-role';
import { APP_CONFIG, CLOCK, EVENT_STORE, PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { CasesService } from '../cases/cases.service';
import { messageStatuses } from './planning-messages';
import { visiblePlan } from './plan-visibility';
import { mayActFor, partyOf } from './planning-party';

const actorOf = (u: Principal): Actor => ({
  id: u.id,
  role: actingRole(u.roles),
  organisationId: u.organisationId,
});

/**
 * The API side of the Hilfeplanung: seals personal content with the young person's key before it
 * goes to Temporal, turns workflow refusals into problems, and cuts the plan to what a reader needs.
 */
@Injectable()
export class HilfeplanungService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly agreements: AgreementRegistryService,
    private readonly cases: CasesService,
  ) {}

  private now = () => this.clock().toISOString();

  /** The clinics and Träger taking part in the case's planning (libs/domain planningOrganisationsOf). */
  async participatingOrganisations(caseId: string): Promise<string[]> {
    const { clinic, provider } = planningOrganisationsOf(await this.cases.factsOf(caseId));
    return [...clinic, ...provider];
  }
  private handle = (caseId: string) => this.temporal.workflow.getHandle(hilfeplanungIdFor(caseId));

  /** The agreement version in force for the case's lead office (422 when there is none). */
  private async agreementOfCase(caseId: string): Promise<CooperationAgreement> {
    const { leadOrganisationId } = await this.cases.factsOf(caseId);
    if (!leadOrganisationId) throw new ApplicationError('case.not_found', `No case ${caseId} is known.`);
    try {
      return await this.agreements.inForceFor(leadOrganisationId, this.now());
    } catch (err) {
      if (!(err instanceof DomainRuleViolation)) throw err;
      throw new ApplicationError('agreement.none_in_force', err.message);
    }
  }

  /** The young person's data subject: statements and the plan are sealed with their key. */
  private async subjectOf(caseId: string): Promise<string> {
    return (await this.cases.registered(caseId)).youngPersonSubjectId;
  }

  private seal = async (caseId: string, value: unknown): Promise<SealedValue> =>
    this.vault.seal(await this.subjectOf(caseId), value);

  async start(
    caseId: string,
    body: NonNullable<StartHilfeplanungRequest>,
    user: Principal,
    correlationId: string,
  ): Promise<HilfeplanungLiveState> {
    await this.subjectOf(caseId);
    if (body.clinicOrganisationId !== undefined) {
      await this.agreements.assertPartnerOf(
        user.organisationId,
        body.clinicOrganisationId,
        'clinic',
        'body.clinicOrganisationId',
      );
    }
    const input: HilfeplanungWorkflowInput = {
      planningId: hilfeplanungIdFor(caseId),
      caseId,
      origin: {
        kind: 'manual',
        ...(body.clinicOrganisationId !== undefined ? { clinicOrganisationId: body.clinicOrganisationId } : {}),
      },
      // The clocks of the agreement the case's lead office works under, not a built-in default.
      rules: hilfeplanungRulesOf(await this.agreementOfCase(caseId)),
      startedBy: actorOf(user),
      startedAt: this.now(),
      correlationId,
    };
    // Update-with-start: one call starts the planning and answers once its first cycle is
    // recorded — who takes part (the clinic named) follows from the recorded HilfeplanungStarted,
    // and a clinic told "started" must not be refused a moment later. No polling.
    const startWorkflowOperation = new WithStartWorkflowOperation(hilfeplanungWorkflowType, {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId: input.planningId,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      searchAttributes: { HilfenetzCaseId: [caseId], HilfenetzStatus: ['hilfeplanung'] },
    });
    let live: HilfeplanungLiveState;
    try {
      live = await this.temporal.workflow.executeUpdateWithStart(planningStarted, { startWorkflowOperation });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new ApplicationError('planning.exists', `The help planning for ${caseId} already runs.`);
      }
      throw err;
    }
    return { ...live, messages: messageStatuses(await this.store.readStream(caseStreamId(caseId)), live.cycle) };
  }

  /** The workflow's live state, with the delivery status of this cycle's messages from the case stream. */
  async status(caseId: string): Promise<HilfeplanungLiveState> {
    const live = await this.liveState(caseId);
    const events = await this.store.readStream(caseStreamId(caseId));
    return { ...live, messages: messageStatuses(events, live.cycle) };
  }

  private async liveState(caseId: string): Promise<HilfeplanungLiveState> {
    try {
      return await this.handle(caseId).query(hilfeplanungStatus);
    } catch (err) {
      throw err instanceof WorkflowNotFoundError ? this.notFound(caseId) : err;
    }
  }

  private notFound = (caseId: string) =>
    new ApplicationError('planning.not_found', `No help planning runs for ${caseId}.`, [
      { field: 'path.caseId', reason: 'no help planning' },
    ]);

  private ended = (caseId: string) =>
    new ApplicationError(
      'planning.closed',
      `The help planning for ${caseId} has ended; nothing more can be recorded.`,
      [{ field: 'path.caseId', reason: 'help planning ended' }],
    );

  /**
   * The planning's workflow still runs (an ended one takes no Update and no signal). The server's
   * description answers without a worker; a query would make one replay a closed planning first.
   */
  private async assertRunning(caseId: string): Promise<void> {
    const description = await this.handle(caseId)
      .describe()
      .catch((err: unknown) => Promise.reject(err instanceof WorkflowNotFoundError ? this.notFound(caseId) : err));
    if (description.status.name !== 'RUNNING') throw this.ended(caseId);
  }

  /** Runs an Update; a domain refusal comes back as a problem with its stable code. */
  private async update(caseId: string, run: () => Promise<HilfeplanungLiveState>): Promise<HilfeplanungLiveState> {
    await this.assertRunning(caseId);
    try {
      const live = await run();
      return { ...live, messages: messageStatuses(await this.store.readStream(caseStreamId(caseId)), live.cycle) };
    } catch (err) {
      // Ended between the check and the Update (the workflow answers "already completed").
      if (err instanceof WorkflowNotFoundError) throw this.ended(caseId);
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && isPlanningRefusalCode(cause.type)) {
        throw new ApplicationError(cause.type, cause.message, [{ field: 'body', reason: cause.type }]);
      }
      throw err;
    }
  }

  /**
   * Schedules the meeting; the invitations go out from the workflow. The young person's number or
   * address is sealed under their key here: Temporal sees the channel choice and ciphertext only.
   */
  async scheduleMeeting(caseId: string, meetingAt: string, user: Principal, notify?: MeetingNotifyRequest) {
    let choice: FamilyNotifyChoice | undefined;
    if (notify) {
      const { youngPerson } = notify;
      const contact =
        youngPerson.channel === 'phone'
          ? { phone: youngPerson.phone }
          : youngPerson.channel === 'email'
            ? { email: youngPerson.email }
            : null;
      choice = {
        guardian: notify.guardian,
        youngPerson: youngPerson.channel,
        ...(contact ? { youngPersonContact: await this.seal(caseId, contact) } : {}),
      };
    }
    return this.update(caseId, () =>
      this.handle(caseId).executeUpdate(scheduleMeeting, {
        args: [{ meetingAt, by: actorOf(user), at: this.now(), ...(choice ? { notify: choice } : {}) }],
      }),
    );
  }

  async answerInvitation(
    caseId: string,
    body: { party: PlanningParty; answer: 'confirmed' | 'declined'; reason?: string },
    user: Principal,
  ) {
    if (!mayActFor(user, body.party)) {
      throw new ApplicationError('planning.not_your_party', `You may not answer for ${body.party}.`, [
        { field: 'body.party', reason: 'not your party' },
      ]);
    }
    // Free text sealed under the young person's key before it reaches Temporal (docs/adr/0018).
    const reason = await sealOptionalText(this.vault, await this.cases.factsOf(caseId), body.reason);
    const { party, answer } = body;
    return this.update(caseId, () =>
      this.handle(caseId).executeUpdate(answerInvitation, {
        args: [{ party, answer, ...(reason ? { reason } : {}), by: actorOf(user), at: this.now() }],
      }),
    );
  }

  async submitStatement(caseId: string, text: string, user: Principal) {
    const party = partyOf(user);
    if (!party) throw new ApplicationError('access.forbidden', 'Your role submits no statement.');
    const content = await this.seal(caseId, { text });
    return this.update(caseId, () =>
      this.handle(caseId).executeUpdate(submitStatement, {
        args: [{ party, content, by: actorOf(user), at: this.now() }],
      }),
    );
  }

  async recordPlan(caseId: string, body: RecordPlanRequest, user: Principal) {
    const now = this.now();
    if (body.nextReviewAt && Date.parse(body.nextReviewAt) <= Date.parse(now)) {
      throw new ApplicationError('request.invalid', 'The next review must lie in the future.', [
        { field: 'body.nextReviewAt', reason: 'in the past' },
      ]);
    }
    const badGoal = body.measures.findIndex((m) => m.goal >= body.goals.length);
    if (badGoal >= 0) {
      throw new ApplicationError('request.invalid', 'A measure names a goal that does not exist.', [
        { field: `body.measures.${badGoal}.goal`, reason: 'no such goal' },
      ]);
    }
    const subject = await this.subjectOf(caseId);
    const seal = (v: unknown) => this.vault.seal(subject, v);
    const goals = await Promise.all(
      body.goals.map(async (g, i) => ({ goalId: `g${i + 1}`, text: await seal(g.text) })),
    );
    const measures = await Promise.all(
      body.measures.map(async (m, i) => ({
        measureId: `m${i + 1}`,
        goalId: `g${m.goal + 1}`,
        description: await seal(m.description),
        responsibleParty: m.responsibleParty,
        dueBy: m.dueBy,
      })),
    );
    const youngPersonView = await seal(body.youngPersonView);
    return this.update(caseId, () =>
      this.handle(caseId).executeUpdate(recordPlan, {
        args: [
          {
            heldAt: body.heldAt,
            participants: body.participants,
            youngPersonView,
            goals,
            measures,
            ...(body.nextReviewAt ? { nextReviewAt: body.nextReviewAt } : {}),
            by: actorOf(user),
            at: now,
          },
        ],
      }),
    );
  }

  async requestReview(caseId: string, body: { reason: string; requestedBy?: PlanningParty }, user: Principal) {
    const requestedBy = body.requestedBy ?? partyOf(user);
    if (!requestedBy || !mayActFor(user, requestedBy)) {
      throw new ApplicationError('planning.not_your_party', 'You may not ask for a review on behalf of this party.', [
        { field: 'body.requestedBy', reason: 'not your party' },
      ]);
    }
    await this.assertRunning(caseId);
    const status = await this.liveState(caseId);
    if (status.phase !== 'plan_in_force') {
      throw new ApplicationError(
        'planning.no_plan_in_force',
        'An earlier review can be asked for once a plan is in force.',
      );
    }
    await this.handle(caseId).signal(requestReview, {
      requestedBy,
      reason: await sealFreeText(this.vault, await this.cases.factsOf(caseId), body.reason),
      by: actorOf(user),
      at: this.now(),
    });
  }

  async endHelp(caseId: string, body: { reason: EndHelpArgs['reason']; note?: string }, user: Principal) {
    const note = await sealOptionalText(this.vault, await this.cases.factsOf(caseId), body.note);
    return this.update(caseId, () =>
      this.handle(caseId).executeUpdate(endHelp, {
        args: [{ reason: body.reason, ...(note ? { note } : {}), by: actorOf(user), at: this.now() }],
      }),
    );
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
