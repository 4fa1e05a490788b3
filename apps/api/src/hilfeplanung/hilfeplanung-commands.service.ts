import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  hilfeplanungIdFor,
  type CooperationAgreement,
  type EndHelpArgs,
  type FamilyNotifyChoice,
  type HilfeplanungLiveState,
  type HilfeplanungWorkflowInput,
  type MeetingNotifyRequest,
  type PlanningParty,
  type Principal,
  type RecordPlanRequest,
  type SealedValue,
  type StartHilfeplanungRequest,
} from '@hilfenetz/contracts';
import { DomainRuleViolation, hilfeplanungRulesOf } from '@hilfenetz/domain';
import type { PersonalDataVault } from '@hilfenetz/event-store';
import {
  answerInvitation,
  endHelp,
  recordPlan,
  requestReview,
  scheduleMeeting,
  submitStatement,
} from '@hilfenetz/workflow-hilfeplanung/messages';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { sealFreeText, sealOptionalText } from '../cases/free-text';
import { CasesService } from '../cases/cases.service';
import { actorOf } from '../crisis/actor';
import { deviceTime } from '../crisis/device-time';
import { IdempotentUpdates, type StepOutcome } from '../common/idempotent-update';
import { APP_CONFIG, CLOCK, PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { HilfeplanungWorkflow } from './hilfeplanung-workflow.service';
import { checkPlanRequest } from './plan-request';
import { mayActFor, partyOf } from './planning-party';

/**
 * The API side of the Hilfeplanung's steps: seals personal content with the young person's key
 * before it goes to Temporal, checks who may answer for which party, and hands each step to the
 * workflow (HilfeplanungWorkflow turns its refusals into problems).
 */
@Injectable()
export class HilfeplanungCommandsService {
  constructor(
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly workflow: HilfeplanungWorkflow,
    private readonly agreements: AgreementRegistryService,
    private readonly cases: CasesService,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.idempotent = new IdempotentUpdates(temporal, config.PERSONAL_DATA_MASTER_KEY);
  }

  /** The invitation answers the web app queues offline take an Idempotency-Key (docs/adr/0026). */
  private readonly idempotent: IdempotentUpdates;

  private now = () => this.clock().toISOString();

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
    return this.workflow.start(caseId, input);
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
    return this.workflow.update(caseId, () =>
      this.workflow.handle(caseId).executeUpdate(scheduleMeeting, {
        args: [{ meetingAt, by: actorOf(user), at: this.now(), ...(choice ? { notify: choice } : {}) }],
      }),
    );
  }

  /** With `key`, a repeat of the same answer gets the first answer (its live state), marked replayed. */
  async answerInvitation(
    caseId: string,
    body: { party: PlanningParty; answer: 'confirmed' | 'declined'; reason?: string },
    user: Principal,
    key?: string,
    actedAtHeader?: string,
  ): Promise<StepOutcome<HilfeplanungLiveState>> {
    if (!mayActFor(user, body.party)) {
      throw new ApplicationError('planning.not_your_party', `You may not answer for ${body.party}.`, [
        { field: 'body.party', reason: 'not your party' },
      ]);
    }
    const now = this.clock();
    // Answered offline and sent later: the device time of answering, bounded (docs/adr/0026).
    const actedOnDevice = deviceTime(actedAtHeader, now);
    // Free text sealed under the young person's key before it reaches Temporal (docs/adr/0018).
    const reason = await sealOptionalText(this.vault, await this.cases.factsOf(caseId), body.reason);
    const { party, answer } = body;
    const request = { step: 'invitation', caseId, ...body, by: user.id };
    let replayed = false;
    const result = await this.workflow.update(caseId, async () => {
      const outcome = await this.idempotent.run(
        hilfeplanungIdFor(caseId),
        key === undefined ? undefined : { key, request },
        (updateId) =>
          this.workflow.handle(caseId).executeUpdate(answerInvitation, {
            args: [
              {
                party,
                answer,
                ...(reason ? { reason } : {}),
                by: actorOf(user),
                at: now.toISOString(),
                ...(actedOnDevice ? { actedOnDevice } : {}),
              },
            ],
            ...(updateId ? { updateId } : {}),
          }),
      );
      replayed = outcome.replayed;
      return outcome.result;
    });
    return { result, replayed };
  }

  async submitStatement(caseId: string, text: string, user: Principal) {
    const party = partyOf(user);
    if (!party) throw new ApplicationError('access.forbidden', 'Your role submits no statement.');
    const content = await this.seal(caseId, { text });
    return this.workflow.update(caseId, () =>
      this.workflow.handle(caseId).executeUpdate(submitStatement, {
        args: [{ party, content, by: actorOf(user), at: this.now() }],
      }),
    );
  }

  async recordPlan(caseId: string, body: RecordPlanRequest, user: Principal) {
    const now = this.now();
    checkPlanRequest(body, now);
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
    return this.workflow.update(caseId, () =>
      this.workflow.handle(caseId).executeUpdate(recordPlan, {
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
    await this.workflow.assertRunning(caseId);
    const status = await this.workflow.liveState(caseId);
    if (status.phase !== 'plan_in_force') {
      throw new ApplicationError(
        'planning.no_plan_in_force',
        'An earlier review can be asked for once a plan is in force.',
      );
    }
    await this.workflow.handle(caseId).signal(requestReview, {
      requestedBy,
      reason: await sealFreeText(this.vault, await this.cases.factsOf(caseId), body.reason),
      by: actorOf(user),
      at: this.now(),
    });
  }

  async endHelp(caseId: string, body: { reason: EndHelpArgs['reason']; note?: string }, user: Principal) {
    const note = await sealOptionalText(this.vault, await this.cases.factsOf(caseId), body.note);
    return this.workflow.update(caseId, () =>
      this.workflow.handle(caseId).executeUpdate(endHelp, {
        args: [{ reason: body.reason, ...(note ? { note } : {}), by: actorOf(user), at: this.now() }],
      }),
    );
  }
}
