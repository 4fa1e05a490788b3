import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type ConsultSpecialistRequest,
  type CooperationAgreement,
  type DecideRiskAssessmentRequest,
  type Principal,
  type RecordFamilyInvolvementRequest,
  type RecordJointAssessmentRequest,
  type RecordRiskAssessmentReviewRequest,
  type RiskAssessmentInvolvement,
  type RiskAssessmentLiveState,
  type RiskAssessmentRules,
  type StartRiskAssessmentRequest,
} from '@hilfenetz/contracts';
import {
  DomainRuleViolation,
  defaultRiskAssessmentRules,
  riskAssessmentRulesOf,
  type CaseFacts,
} from '@hilfenetz/domain';
import type { PersonalDataVault } from '@hilfenetz/event-store';
import {
  consultSpecialist,
  decideRiskAssessment,
  recordFamilyInvolvement,
  recordJointAssessment,
  recordRiskAssessmentReview,
} from '@hilfenetz/workflow-risk-assessment/messages';
import { randomBytes } from 'node:crypto';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { actingRole } from '../auth/acting-role';
import { sealFreeText } from '../cases/free-text';
import { CasesService } from '../cases/cases.service';
import { actorOf } from '../crisis/actor';
import { CLOCK, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { KkgFeedbackReadsService } from '../kkg-feedback/kkg-feedback-reads.service';
import { RiskAssessmentWorkflow } from './risk-assessment-workflow.service';

/**
 * The API side of the §8a steps: every free text is sealed here under the young person's key (or
 * the case's own key, docs/adr/0018) before it goes to Temporal; the workflow decides the rest and
 * RiskAssessmentWorkflow turns its refusals into problems.
 */
@Injectable()
export class RiskAssessmentCommandsService {
  constructor(
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly workflow: RiskAssessmentWorkflow,
    private readonly agreements: AgreementRegistryService,
    private readonly cases: CasesService,
    private readonly kkgReports: KkgFeedbackReadsService,
  ) {}

  private now = () => this.clock().toISOString();

  private async seal(caseId: string, text: string) {
    return sealFreeText(this.vault, await this.cases.factsOf(caseId), text);
  }

  /**
   * The §8a clocks of the agreement the lead office works under. Child protection does not wait
   * for a signed agreement: without one in force the defaults apply (docs/adr/0027).
   */
  private async rulesOf(leadOrganisationId: string): Promise<RiskAssessmentRules> {
    let agreement: CooperationAgreement;
    try {
      agreement = await this.agreements.inForceFor(leadOrganisationId, this.now());
    } catch (err) {
      if (err instanceof DomainRuleViolation) return defaultRiskAssessmentRules;
      throw err;
    }
    return riskAssessmentRulesOf(agreement);
  }

  async start(facts: CaseFacts, body: StartRiskAssessmentRequest, user: Principal, correlationId: string) {
    const caseId = facts.caseId;
    if (!facts.leadOrganisationId) throw new ApplicationError('case.not_found', `No case ${caseId} is known.`);
    if (body.origin.kind === 'crisis') {
      const { crisisId } = body.origin;
      if (!facts.crises.some((c) => c.crisisId === crisisId)) {
        throw new ApplicationError('request.invalid', `The case has no crisis ${crisisId}.`, [
          { field: 'body.origin.crisisId', reason: 'not a crisis of this case' },
        ]);
      }
    }
    if (body.origin.kind === 'kkg_report') {
      // Started from a §4 KKG report: it must be one received on this case.
      const { reportId } = body.origin;
      if (!(await this.kkgReports.list(caseId)).some((r) => r.reportId === reportId)) {
        throw new ApplicationError('request.invalid', `The case has no §4 KKG report ${reportId}.`, [
          { field: 'body.origin.reportId', reason: 'not a §4 KKG report of this case' },
        ]);
      }
    }
    const byProvider = actingRole(user.roles) === 'provider_staff';
    return this.workflow.start({
      assessmentId: `risk-assessment-${caseId}-${randomBytes(10).toString('hex')}`,
      caseId,
      origin: body.origin,
      initiator: { kind: byProvider ? 'provider' : 'youth_office', organisationId: user.organisationId },
      concern: await sealFreeText(this.vault, facts, body.concern),
      leadOrganisationId: facts.leadOrganisationId,
      rules: await this.rulesOf(facts.leadOrganisationId),
      startedBy: actorOf(user),
      startedAt: this.now(),
      correlationId,
    });
  }

  async consultSpecialist(caseId: string, assessmentId: string, body: ConsultSpecialistRequest, user: Principal) {
    const specialistName = await this.seal(caseId, body.specialistName);
    const args = {
      specialistName,
      specialistOrganisation: body.specialistOrganisation,
      consultedAt: new Date(body.consultedAt).toISOString(),
      by: actorOf(user),
      at: this.now(),
    };
    return this.workflow.update(assessmentId, () =>
      this.workflow.handle(assessmentId).executeUpdate(consultSpecialist, { args: [args] }),
    );
  }

  async recordJointAssessment(
    caseId: string,
    assessmentId: string,
    body: RecordJointAssessmentRequest,
    user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    const args = {
      professionals: body.professionals,
      assessedAt: new Date(body.assessedAt).toISOString(),
      assessment: await this.seal(caseId, body.assessment),
      by: actorOf(user),
      at: this.now(),
    };
    return this.workflow.update(assessmentId, () =>
      this.workflow.handle(assessmentId).executeUpdate(recordJointAssessment, { args: [args] }),
    );
  }

  private async involvement(
    caseId: string,
    i: RecordFamilyInvolvementRequest['youngPerson'],
  ): Promise<RiskAssessmentInvolvement> {
    return i.involved
      ? { involved: true, at: new Date(i.at).toISOString() }
      : { involved: false, reason: await this.seal(caseId, i.reason) };
  }

  async recordFamilyInvolvement(
    caseId: string,
    assessmentId: string,
    body: RecordFamilyInvolvementRequest,
    user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    const args = {
      youngPerson: await this.involvement(caseId, body.youngPerson),
      guardians: await this.involvement(caseId, body.guardians),
      by: actorOf(user),
      at: this.now(),
    };
    return this.workflow.update(assessmentId, () =>
      this.workflow.handle(assessmentId).executeUpdate(recordFamilyInvolvement, { args: [args] }),
    );
  }

  async decide(
    caseId: string,
    assessmentId: string,
    body: DecideRiskAssessmentRequest,
    user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    const protectiveSteps = body.protectiveSteps
      ? await Promise.all(
          body.protectiveSteps.map(async (s, i) => ({
            stepId: `s${i + 1}`,
            action: await this.seal(caseId, s.action),
            responsible: s.responsible,
            dueBy: s.dueBy,
          })),
        )
      : undefined;
    const args = {
      outcome: body.outcome,
      reason: await this.seal(caseId, body.reason),
      ...(body.helpOffer ? { helpOffer: await this.seal(caseId, body.helpOffer) } : {}),
      ...(protectiveSteps ? { protectiveSteps } : {}),
      ...(body.reviewAt ? { reviewAt: new Date(body.reviewAt).toISOString() } : {}),
      by: actorOf(user),
      at: this.now(),
    };
    return this.workflow.update(assessmentId, () =>
      this.workflow.handle(assessmentId).executeUpdate(decideRiskAssessment, { args: [args] }),
    );
  }

  async recordReview(
    caseId: string,
    assessmentId: string,
    body: RecordRiskAssessmentReviewRequest,
    user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    const args = { note: await this.seal(caseId, body.note), by: actorOf(user), at: this.now() };
    return this.workflow.update(assessmentId, () =>
      this.workflow.handle(assessmentId).executeUpdate(recordRiskAssessmentReview, { args: [args] }),
    );
  }
}
