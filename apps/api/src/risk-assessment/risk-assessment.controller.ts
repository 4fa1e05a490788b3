import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApplicationError,
  caseIdSchema,
  consultSpecialistRequest,
  decideRiskAssessmentRequest,
  recordFamilyInvolvementRequest,
  recordJointAssessmentRequest,
  recordRiskAssessmentReviewRequest,
  riskAssessmentDetailSchema,
  riskAssessmentIdSchema,
  riskAssessmentListSchema,
  riskAssessmentViewSchema,
  startRiskAssessmentRequest,
  type ConsultSpecialistRequest,
  type DecideRiskAssessmentRequest,
  type Principal,
  type RecordFamilyInvolvementRequest,
  type RecordJointAssessmentRequest,
  type RecordRiskAssessmentReviewRequest,
  type RiskAssessmentDetail,
  type RiskAssessmentLiveState,
  type StartRiskAssessmentRequest,
} from '@hilfenetz/contracts';
import { CaseAccessService } from '../access/case-access.service';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { actingRole } from '../auth/acting-role';
import { CasesService } from '../cases/cases.service';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentLinks, DocumentResponse } from '../openapi/response-schema.decorator';
import { RiskAssessmentCommandsService } from './risk-assessment-commands.service';
import { RiskAssessmentReadsService } from './risk-assessment-reads.service';

const caseParam = new ZodPipe(caseIdSchema, 'path');
const assessmentParam = new ZodPipe(riskAssessmentIdSchema, 'path');
const viewResponse = (description: string) => ({
  status: 200,
  description,
  content: { 'application/json': riskAssessmentViewSchema },
});
const stepLinks = {
  RiskAssessment: {
    operationId: 'RiskAssessmentController_get',
    parameters: { caseId: '$request.path.caseId', assessmentId: '$response.body#/assessmentId' },
    description: 'The assessment as it stands now.',
  },
};

/**
 * The §8a SGB VIII risk assessments of a case (Gefährdungseinschätzung, issue 18, docs/adr/0027).
 * The lead youth office starts and carries them (caseworker, on-call); the Träger caring for the
 * case starts its own under its §8a (4) agreement and carries those. Supervisors and auditors of
 * the lead office read them; every read is in the access log, like any read of case data.
 */
@Controller('cases/:caseId/risk-assessments')
export class RiskAssessmentController {
  constructor(
    private readonly commands: RiskAssessmentCommandsService,
    private readonly reads: RiskAssessmentReadsService,
    private readonly access: CaseAccessService,
    private readonly cases: CasesService,
  ) {}

  /** The Träger of the case (its registration names it) acts under its §8a (4) agreement. */
  private async authorizeProvider(user: Principal, caseId: string): Promise<void> {
    const facts = await this.cases.factsOf(caseId);
    if (facts.registration === null || facts.careProviderOrganisationId !== user.organisationId) {
      throw new ApplicationError(
        'access.forbidden',
        'Your organisation is not the care provider (Träger) of this case: tell the youth office of your concern.',
      );
    }
  }

  /**
   * A step of one assessment: the lead office's staff on any; a Träger only on the ones it started
   * itself. The assessment must belong to the case in the path (404 otherwise).
   */
  private async authorizeStep(user: Principal, caseId: string, assessmentId: string, correlationId: string) {
    if (actingRole(user.roles) === 'provider_staff') {
      await this.authorizeProvider(user, caseId);
      const assessment = await this.reads.one(caseId, assessmentId);
      if (assessment.initiator.kind !== 'provider' || assessment.initiator.organisationId !== user.organisationId) {
        throw new ApplicationError('access.forbidden', 'This risk assessment is the youth office’s to carry.');
      }
      return;
    }
    await this.access.authorizeWrite(user, caseId, correlationId);
    await this.reads.one(caseId, assessmentId);
  }

  /** Reads: the lead office (others by break-glass), a Träger where it started one itself. */
  private async authorizeRead(user: Principal, caseId: string, breakGlass: string | undefined, correlationId: string) {
    const startedBy = (await this.reads.list(caseId)).flatMap((a) =>
      a.initiator.kind === 'provider' ? [a.initiator.organisationId] : [],
    );
    await this.access.authorizeRead(user, caseId, 'risk_assessment', breakGlass, correlationId, {
      participation: { kind: 'organisations', organisationIds: startedBy },
    });
  }

  @Post()
  @AllowRoles('caseworker', 'on_call', 'provider_staff')
  @DocumentResponse({
    status: 201,
    description: 'The assessment started, with the deadlines of its steps; Location names it.',
    content: { 'application/json': riskAssessmentViewSchema },
  })
  @DocumentLinks(201, {
    ...stepLinks,
    JointAssessment: {
      operationId: 'RiskAssessmentController_jointAssessment',
      parameters: { caseId: '$request.path.caseId', assessmentId: '$response.body#/assessmentId' },
      description: 'Record the joint assessment of at least two professionals.',
    },
  })
  async start(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(startRiskAssessmentRequest)) body: StartRiskAssessmentRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RiskAssessmentLiveState> {
    if (actingRole(user.roles) === 'provider_staff') await this.authorizeProvider(user, caseId);
    else await this.access.authorizeWrite(user, caseId, correlationId);
    const started = await this.commands.start(await this.cases.factsOf(caseId), body, user, correlationId);
    res.location(`/cases/${caseId}/risk-assessments/${started.assessmentId}`);
    return started;
  }

  @Get()
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'auditor', 'provider_staff')
  @DocumentResponse({
    status: 200,
    description: 'The risk assessments of the case, newest first (steps, deadlines, outcome; no free text).',
    content: { 'application/json': riskAssessmentListSchema },
  })
  async list(
    @Param('caseId', caseParam) caseId: string,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<{ items: RiskAssessmentLiveState[] }> {
    await this.authorizeRead(user, caseId, breakGlassReason, correlationId);
    const items = await this.reads.list(caseId);
    // A Träger reads the ones it started, not the youth office's own.
    if (actingRole(user.roles) === 'provider_staff') {
      return { items: items.filter((a) => a.initiator.organisationId === user.organisationId) };
    }
    return { items };
  }

  @Get(':assessmentId')
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'auditor', 'provider_staff')
  @DocumentResponse({
    status: 200,
    description:
      'The assessment: its steps with deadlines and state, the outcome and review date, and what was written at each step (opened for this reader; in the access log).',
    content: { 'application/json': riskAssessmentDetailSchema },
  })
  async get(
    @Param('caseId', caseParam) caseId: string,
    @Param('assessmentId', assessmentParam) assessmentId: string,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<RiskAssessmentDetail> {
    await this.authorizeRead(user, caseId, breakGlassReason, correlationId);
    const found = await this.reads.one(caseId, assessmentId);
    if (actingRole(user.roles) === 'provider_staff' && found.initiator.organisationId !== user.organisationId) {
      throw new ApplicationError('risk_assessment.not_found', `No risk assessment ${assessmentId} in this case.`);
    }
    return this.reads.detail(caseId, assessmentId);
  }

  @Post(':assessmentId/specialist')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call', 'provider_staff')
  @DocumentResponse(viewResponse('The insoweit erfahrene Fachkraft is recorded (§8a (4) SGB VIII).'))
  @DocumentLinks(200, stepLinks)
  async specialist(
    @Param('caseId', caseParam) caseId: string,
    @Param('assessmentId', assessmentParam) assessmentId: string,
    @Body(new ZodPipe(consultSpecialistRequest)) body: ConsultSpecialistRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    await this.authorizeStep(user, caseId, assessmentId, correlationId);
    return this.commands.consultSpecialist(caseId, assessmentId, body, user);
  }

  @Post(':assessmentId/joint-assessment')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call', 'provider_staff')
  @DocumentResponse(viewResponse('The joint assessment of at least two professionals is recorded.'))
  @DocumentLinks(200, stepLinks)
  async jointAssessment(
    @Param('caseId', caseParam) caseId: string,
    @Param('assessmentId', assessmentParam) assessmentId: string,
    @Body(new ZodPipe(recordJointAssessmentRequest)) body: RecordJointAssessmentRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    await this.authorizeStep(user, caseId, assessmentId, correlationId);
    return this.commands.recordJointAssessment(caseId, assessmentId, body, user);
  }

  @Post(':assessmentId/family-involvement')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call', 'provider_staff')
  @DocumentResponse(viewResponse('How the child and the guardians were involved (or why not) is recorded.'))
  @DocumentLinks(200, stepLinks)
  async familyInvolvement(
    @Param('caseId', caseParam) caseId: string,
    @Param('assessmentId', assessmentParam) assessmentId: string,
    @Body(new ZodPipe(recordFamilyInvolvementRequest)) body: RecordFamilyInvolvementRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    await this.authorizeStep(user, caseId, assessmentId, correlationId);
    return this.commands.recordFamilyInvolvement(caseId, assessmentId, body, user);
  }

  @Post(':assessmentId/decision')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call', 'provider_staff')
  @DocumentResponse(viewResponse('The outcome is recorded with who (the caller) and why; the review date is set.'))
  @DocumentLinks(200, stepLinks)
  async decision(
    @Param('caseId', caseParam) caseId: string,
    @Param('assessmentId', assessmentParam) assessmentId: string,
    @Body(new ZodPipe(decideRiskAssessmentRequest)) body: DecideRiskAssessmentRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    await this.authorizeStep(user, caseId, assessmentId, correlationId);
    return this.commands.decide(caseId, assessmentId, body, user);
  }

  @Post(':assessmentId/review')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call', 'provider_staff')
  @DocumentResponse(viewResponse('The review is recorded; the assessment is closed.'))
  @DocumentLinks(200, stepLinks)
  async review(
    @Param('caseId', caseParam) caseId: string,
    @Param('assessmentId', assessmentParam) assessmentId: string,
    @Body(new ZodPipe(recordRiskAssessmentReviewRequest)) body: RecordRiskAssessmentReviewRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<RiskAssessmentLiveState> {
    await this.authorizeStep(user, caseId, assessmentId, correlationId);
    return this.commands.recordReview(caseId, assessmentId, body, user);
  }
}
