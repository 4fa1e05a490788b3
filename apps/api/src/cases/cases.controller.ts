import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  caseIdSchema,
  caseSearchQuery,
  caseSearchResponse,
  caseViewSchema,
  erasureRequest,
  legalHoldRequest,
  registerCaseRequest,
  type CaseSearchQuery,
  type CaseSearchResponse,
  type CaseView,
  type Principal,
  type RegisterCaseRequest,
} from '@hilfenetz/contracts';
import { CaseAccessService } from '../access/case-access.service';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentLinks, DocumentResponse } from '../openapi/response-schema.decorator';
import { CasesService } from './cases.service';

@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly access: CaseAccessService,
  ) {}

  @Post()
  @AllowRoles('caseworker', 'on_call')
  @DocumentLinks(201, {
    TriggerCrisis: {
      operationId: 'CrisisController_trigger',
      parameters: { caseId: '$response.body#/caseId' },
      description: 'Trigger the crisis protocol for the case just registered.',
    },
    ViewCase: {
      operationId: 'CasesController_view',
      parameters: { caseId: '$response.body#/caseId' },
      description: 'The case file.',
    },
    ReadTimeline: {
      operationId: 'TimelineController_get',
      parameters: { caseId: '$response.body#/caseId' },
      description: 'The case timeline.',
    },
    AddGuardian: {
      operationId: 'GuardiansController_add',
      parameters: { caseId: '$response.body#/caseId' },
      description: 'Record a person with custody.',
    },
  })
  @DocumentResponse({
    status: 201,
    description:
      'The case as registered, under its full id `<office>.<reference>` (use it in every further call): the young ' +
      'person’s details and the guardians in the order to reach them.',
    content: { 'application/json': caseViewSchema },
  })
  register(
    @Body(new ZodPipe(registerCaseRequest)) body: RegisterCaseRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<CaseView> {
    return this.cases.register(body, user, correlationId);
  }

  /**
   * Finds the caller's organisation's cases by the start of their reference: reference, lead and
   * registration time only, so a lookup is no read of case data (opening one is GET /cases/:caseId).
   */
  @Get()
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'auditor')
  @DocumentResponse({
    status: 200,
    description: 'The matching cases led by the caller’s organisation, newest first, at most 50.',
    content: { 'application/json': caseSearchResponse },
  })
  find(
    @Query(new ZodPipe(caseSearchQuery, 'query')) query: CaseSearchQuery,
    @CurrentUser() user: Principal,
  ): Promise<CaseSearchResponse> {
    return this.cases.find(query.ref, user.organisationId);
  }

  /** The case file with the young person's details: every read is in the access log. */
  @Get(':caseId')
  @AllowRoles('caseworker', 'on_call', 'supervisor')
  @DocumentResponse({
    status: 200,
    description:
      'The case file: the young person’s details (or when they were erased), the Träger, whether a legal hold stands, ' +
      'and the guardians in the order to reach them.',
    content: { 'application/json': caseViewSchema },
  })
  async view(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<CaseView> {
    await this.access.authorizeRead(user, caseId, 'case', breakGlassReason, correlationId);
    return this.cases.view(caseId);
  }

  /**
   * §9b SGB VIII: the case file must be kept; erasure is refused while the hold stands. Only the
   * lead organisation's supervisor or administrator places it.
   */
  @Post(':caseId/legal-hold')
  @HttpCode(204)
  @AllowRoles('supervisor', 'administrator')
  async legalHold(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Body(new ZodPipe(legalHoldRequest)) body: { reason: string },
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    await this.cases.placeLegalHold(caseId, body.reason, user, correlationId);
  }

  /** Erases the young person's personal data everywhere by destroying their key (lead organisation only). */
  @Post(':caseId/erasure')
  @HttpCode(204)
  @AllowRoles('administrator')
  async erase(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Body(new ZodPipe(erasureRequest)) body: { reason: string },
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    await this.cases.erase(caseId, body.reason, user, correlationId);
  }
}
