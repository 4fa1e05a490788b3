import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApplicationError,
  caseIdSchema,
  giveKkgFeedbackRequest,
  kkgFeedbackAcknowledgementSchema,
  kkgReportIdSchema,
  kkgReportListSchema,
  kkgReportViewSchema,
  reportKkgConcernRequest,
  type GiveKkgFeedbackRequest,
  type KkgFeedbackAcknowledgement,
  type KkgFeedbackLiveState,
  type Principal,
  type ReportKkgConcernRequest,
} from '@hilfenetz/contracts';
import { kkgFeedbackRulesOf, defaultKkgFeedbackRules, DomainRuleViolation } from '@hilfenetz/domain';
import type { PersonalDataVault } from '@hilfenetz/event-store';
import { randomBytes } from 'node:crypto';
import { CaseAccessService } from '../access/case-access.service';
import { caseNotFound } from '../access/case-not-found';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { actingRole } from '../auth/acting-role';
import { CasesService } from '../cases/cases.service';
import { sealFreeText } from '../cases/free-text';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { actorOf } from '../crisis/actor';
import { CLOCK, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { KkgFeedbackAcknowledgementsService } from './kkg-feedback-acknowledgements.service';
import { KkgFeedbackReadsService } from './kkg-feedback-reads.service';
import { KkgFeedbackWorkflow } from './kkg-feedback-workflow.service';

const caseParam = new ZodPipe(caseIdSchema, 'path');
const reporterRoles = new Set(['clinic_staff', 'provider_staff']);

/**
 * §4 KKG reports on a case and the youth office's feedback (issue 18 part 2). A clinic or Träger
 * of the lead office's agreement reports for its own organisation; the youth office records a
 * phone report naming the reporter's organisation, and gives the feedback: whether it sees the
 * risk confirmed and whether it acts (§4 (4) KKG), nothing more. The reporter reads its reports'
 * feedback; the lead office reads all, in the access log.
 */
@Controller('cases/:caseId/kkg-reports')
export class KkgReportsController {
  constructor(
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly workflow: KkgFeedbackWorkflow,
    private readonly reads: KkgFeedbackReadsService,
    private readonly access: CaseAccessService,
    private readonly cases: CasesService,
    private readonly agreements: AgreementRegistryService,
    private readonly acknowledgements: KkgFeedbackAcknowledgementsService,
  ) {}

  @Post()
  @AllowRoles('caseworker', 'on_call', 'clinic_staff', 'provider_staff')
  @DocumentResponse({
    status: 201,
    description: 'The report is recorded; the feedback is due by `feedbackDueAt`.',
    content: { 'application/json': kkgReportViewSchema },
  })
  async report(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(reportKkgConcernRequest)) body: ReportKkgConcernRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<KkgFeedbackLiveState> {
    const facts = await this.cases.factsOf(caseId);
    const lead = facts.leadOrganisationId;
    let reporterOrganisationId: string;
    if (reporterRoles.has(actingRole(user.roles))) {
      // Only a partner of the lead office's agreement reports here; to anyone else the case is unknown.
      if (!lead) caseNotFound(caseId);
      const role = actingRole(user.roles) === 'clinic_staff' ? 'clinic' : 'provider';
      await this.agreements
        .assertPartnerOf(lead, user.organisationId, role, 'path.caseId')
        .catch(() => caseNotFound(caseId));
      reporterOrganisationId = user.organisationId;
    } else {
      await this.access.authorizeWriteOn(user, facts, correlationId);
      reporterOrganisationId = body.reporterOrganisationId ?? user.organisationId;
    }
    const now = this.clock().toISOString();
    let rules = defaultKkgFeedbackRules;
    try {
      rules = kkgFeedbackRulesOf(await this.agreements.inForceFor(lead!, now));
    } catch (err) {
      if (!(err instanceof DomainRuleViolation)) throw err;
    }
    const started = await this.workflow.start({
      reportId: `kkg-report-${caseId}-${randomBytes(10).toString('hex')}`,
      caseId,
      reporter: { organisationId: reporterOrganisationId, profession: body.profession },
      channel: reporterRoles.has(actingRole(user.roles)) ? 'app' : 'phone',
      concern: await sealFreeText(this.vault, facts, body.concern),
      leadOrganisationId: lead!,
      rules,
      recordedBy: actorOf(user),
      receivedAt: now,
      correlationId,
    });
    res.location(`/cases/${caseId}/kkg-reports/${started.reportId}`);
    return started;
  }

  @Get()
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'auditor', 'clinic_staff', 'provider_staff')
  @DocumentResponse({
    status: 200,
    description: 'The §4 KKG reports of the case with their feedback (a reporter: its own only).',
    content: { 'application/json': kkgReportListSchema },
  })
  async list(
    @Param('caseId', caseParam) caseId: string,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<{ items: KkgFeedbackLiveState[] }> {
    const items = await this.reads.list(caseId);
    await this.access.authorizeRead(user, caseId, 'kkg_report', breakGlassReason, correlationId, {
      participation: { kind: 'organisations', organisationIds: items.map((r) => r.reporter.organisationId) },
    });
    if (reporterRoles.has(actingRole(user.roles))) {
      return { items: items.filter((r) => r.reporter.organisationId === user.organisationId) };
    }
    return { items };
  }

  @Post(':reportId/feedback')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call')
  @DocumentResponse({
    status: 200,
    description: 'The feedback is given to the reporter (§4 (4) KKG).',
    content: { 'application/json': kkgReportViewSchema },
  })
  async feedback(
    @Param('caseId', caseParam) caseId: string,
    @Param('reportId', new ZodPipe(kkgReportIdSchema, 'path')) reportId: string,
    @Body(new ZodPipe(giveKkgFeedbackRequest)) body: GiveKkgFeedbackRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<KkgFeedbackLiveState> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    await this.reads.one(caseId, reportId);
    return this.workflow.give(reportId, { ...body, by: actorOf(user), at: this.clock().toISOString() });
  }

  @Post(':reportId/acknowledgement')
  @HttpCode(200)
  @AllowRoles('clinic_staff', 'provider_staff')
  @DocumentResponse({
    status: 200,
    description:
      'The reporter took note of the feedback ("zur Kenntnis genommen"); its inbox entry leaves the open list. ' +
      'Taking note again answers the first note. 409 while no feedback is given.',
    content: { 'application/json': kkgFeedbackAcknowledgementSchema },
  })
  async acknowledge(
    @Param('caseId', caseParam) caseId: string,
    @Param('reportId', new ZodPipe(kkgReportIdSchema, 'path')) reportId: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<KkgFeedbackAcknowledgement> {
    const items = await this.reads.list(caseId);
    // Read access as for the feedback itself (the reporter participates; in the case's access log).
    await this.access.authorizeRead(user, caseId, 'kkg_report', undefined, correlationId, {
      participation: { kind: 'organisations', organisationIds: items.map((r) => r.reporter.organisationId) },
    });
    // Another organisation's report answers like none: the id tells nothing about others' reports.
    const report = items.find((r) => r.reportId === reportId && r.reporter.organisationId === user.organisationId);
    if (!report) {
      throw new ApplicationError('kkg_feedback.not_found', `No §4 KKG report ${reportId} of yours in this case.`, [
        { field: 'path.reportId', reason: 'no such report' },
      ]);
    }
    return this.acknowledgements.acknowledge(report, user, correlationId);
  }
}
