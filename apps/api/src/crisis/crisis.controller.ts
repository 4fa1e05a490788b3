import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApplicationError,
  announceDischargeRequest,
  cancelCrisisRequest,
  cancelCrisisResponseSchema,
  caseIdSchema,
  crisisBoardViewSchema,
  crisisStepResultSchema,
  decideAdmissionRequest,
  reportAmbulanceDispatchRequest,
  triggerCrisisRequest,
  triggerCrisisResponse,
  type AnnounceDischargeRequest,
  type CancelCrisisRequest,
  type CancelCrisisResponse,
  type CrisisBoardView,
  type CrisisStepResult,
  type DecideAdmissionRequest,
  type Principal,
  type ReportAmbulanceDispatchRequest,
  type TriggerCrisisRequest,
  type TriggerCrisisResponse,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { CaseAccessService } from '../access/case-access.service';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { actingRole } from '../auth/acting-role';
import { CorrelationId, correlationIdFrom } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { CasesService } from '../cases/cases.service';
import { idempotencyKeySchema, optionalIdempotencyKey, requiredIdempotencyKey } from '../common/idempotency-key';
import { answerOf } from '../common/idempotent-update';
import { DocumentHeader, DocumentLinks, DocumentResponse } from '../openapi/response-schema.decorator';
import { actedAtHeader } from './device-time';
import { CrisisCommandsService } from './crisis-commands.service';
import { crisisNotFound } from './crisis-not-found';
import { CrisisReadsService } from './crisis-reads.service';
import { CrisisTriggerService } from './crisis-trigger.service';

/** `crisis-<caseId>-<20 hex>`; the case id may name its office (`<office>.<reference>`, docs/adr/0024). */
export const crisisIdSchema = z.string().regex(/^crisis-[A-Za-z0-9.-]{3,129}-[0-9a-f]{20}$/, 'not a crisis id');

@Controller('cases/:caseId/crises')
export class CrisisController {
  constructor(
    private readonly triggers: CrisisTriggerService,
    private readonly reads: CrisisReadsService,
    private readonly commands: CrisisCommandsService,
    private readonly access: CaseAccessService,
    private readonly cases: CasesService,
  ) {}

  /**
   * Triggers the crisis protocol. A retried request with the same Idempotency-Key returns the first
   * result. The youth office triggers for cases its organisation leads (or a reference of its own
   * office nobody has used yet, `<office>.<reference>`, which its organisation then leads; another
   * office's name answers 404 like an unknown case); a Träger's staff for the registered cases their
   * organisation cares for (CaseRegistered.careProviderOrganisationId). At most one crisis of a
   * case runs: a trigger while it does starts nothing, it is recorded in the running crisis and
   * answered 200 with `joined: true` (docs/adr/0034). X-Acted-At: triggered offline, the device
   * time of acting (recorded bounded, docs/adr/0026).
   */
  @Post()
  @AllowRoles('caseworker', 'on_call', 'provider_staff')
  @DocumentHeader('idempotency-key', idempotencyKeySchema)
  @DocumentHeader('x-acted-at', actedAtHeader.optional())
  @DocumentResponse(
    {
      status: 201,
      description: 'The crisis protocol started; Location names the crisis.',
      content: { 'application/json': triggerCrisisResponse },
    },
    {
      status: 200,
      description:
        'No new crisis: a retry with an Idempotency-Key already used (same body) answers with the crisis the first request ' +
        'started; a trigger while the case’s crisis still runs joined it (`joined: true`, `crisisId` and Location name ' +
        'the running crisis, whose log records who triggered again, when, and the sealed situation; docs/adr/0034).',
      content: { 'application/json': triggerCrisisResponse },
    },
  )
  // On 200 too: a trigger that joined the running crisis (or replayed its key) names that crisis,
  // and whoever triggered goes on with it as with a new one.
  @DocumentLinks([201, 200], {
    CrisisStatus: {
      operationId: 'CrisisController_status',
      parameters: { caseId: '$request.path.caseId', crisisId: '$response.body#/crisisId' },
      description: 'The live state of the crisis just triggered.',
    },
    AcknowledgeYouthOfficeTask: {
      operationId: 'TasksController_acknowledge',
      parameters: { caseId: '$request.path.caseId', crisisId: '$response.body#/crisisId', taskId: 'task-youth_office' },
      requestBody: {},
      description: "Acknowledge the youth office's own task of the crisis.",
    },
    Briefing: {
      operationId: 'BriefingController_briefing',
      parameters: { caseId: '$request.path.caseId', crisisId: '$response.body#/crisisId', taskId: 'task-youth_office' },
      description: "The youth office's briefing.",
    },
    Lagebild: {
      operationId: 'LagebildController_lagebild',
      parameters: { caseId: '$request.path.caseId', crisisId: '$response.body#/crisisId' },
      description: 'The situation report of the crisis.',
    },
    Cancel: {
      operationId: 'CrisisController_cancel',
      parameters: { caseId: '$request.path.caseId', crisisId: '$response.body#/crisisId' },
      description: 'Call the crisis off (false alarm).',
    },
    ReadTimeline: {
      operationId: 'TimelineController_get',
      parameters: { caseId: '$request.path.caseId' },
      description: 'The case timeline with the crisis in it.',
    },
  })
  async trigger(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Body(new ZodPipe(triggerCrisisRequest)) body: TriggerCrisisRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlation: string | undefined,
    @Headers('x-acted-at') actedAt: string | undefined,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TriggerCrisisResponse> {
    const parsedKey = requiredIdempotencyKey(key, 'trigger');
    // The case's facts, read once for the gate and for sealing the situation.
    const facts = await this.cases.factsOf(caseId);
    if (actingRole(user.roles) === 'provider_staff') {
      if (facts.registration === null || facts.careProviderOrganisationId !== user.organisationId) {
        throw new ApplicationError(
          'access.forbidden',
          'Your organisation is not the care provider (Träger) of this case: ask the youth office to trigger.',
        );
      }
    } else {
      await this.access.authorizeWriteOn(user, facts, correlationIdFrom(correlation), { firstWriterLeads: true });
    }
    const result = await this.triggers.trigger(facts, body, parsedKey, user, correlationIdFrom(correlation), actedAt);
    res.status(result.alreadyTriggered || result.joined ? 200 : 201);
    res.location(`/cases/${caseId}/crises/${result.crisisId}`);
    return result;
  }

  /**
   * The crisis's live state, a read of case data: the lead organisation's youth office and
   * supervisors read it (others by break-glass), a provider only for a crisis in which its
   * organisation holds a task. Every read is in the access log.
   */
  @Get(':crisisId')
  @AllowRoles('caseworker', 'on_call', 'provider_staff', 'supervisor')
  @DocumentResponse({
    status: 200,
    description:
      'The crisis’s live state: each task with its holder, deadline, acknowledgement and delivery, the situation opened ' +
      'for the caller (or when it was erased), names beside the ids, and what arrived late from offline devices.',
    content: { 'application/json': crisisBoardViewSchema },
  })
  async status(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<CrisisBoardView> {
    // Looked up first, answered only after the gate: its tasks name the organisations taking part.
    const state = await this.reads.findStatus(caseId, crisisId);
    await this.access.authorizeRead(user, caseId, 'crisis', breakGlassReason, correlationId, {
      participation: { kind: 'organisations', organisationIds: state?.tasks.map((t) => t.organisationId) ?? [] },
      leadIfUnopened: () => this.reads.triggeringOrganisation(crisisId),
    });
    if (!state) throw crisisNotFound(crisisId);
    return this.reads.view(state);
  }

  /**
   * Calls the crisis off (false alarm). Idempotency-Key (optional): a repeat of the same request
   * answers as the first did, with `Idempotent-Replayed: true`; the key with another body is 422.
   * X-Acted-At: done offline, the device time of acting (recorded bounded, docs/adr/0026).
   */
  @Post(':crisisId/cancel')
  @HttpCode(202)
  @AllowRoles('caseworker', 'on_call')
  @DocumentHeader('idempotency-key', idempotencyKeySchema.optional())
  @DocumentHeader('x-acted-at', actedAtHeader.optional())
  @DocumentResponse({
    status: 202,
    description:
      'The crisis is called off (recorded); a repeat with the same Idempotency-Key answers alike, with ' +
      '`Idempotent-Replayed: true`.',
    content: { 'application/json': cancelCrisisResponseSchema },
  })
  async cancel(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Body(new ZodPipe(cancelCrisisRequest)) body: CancelCrisisRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-acted-at') actedAt: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CancelCrisisResponse> {
    const parsedKey = optionalIdempotencyKey(key);
    await this.access.authorizeWrite(user, caseId, correlationId, {
      leadIfUnopened: () => this.reads.triggeringOrganisation(crisisId),
    });
    answerOf(res, await this.commands.cancel(caseId, crisisId, body.reason, user, parsedKey, actedAt));
    return { accepted: true };
  }

  /**
   * The Leitstelle reports the dispatch (operation number) and the ETA once known; this acknowledges
   * its task. The ETA in minutes (from the arrival of the report) or as `expectedArrivalAt`, which
   * stays right for a report queued offline. Idempotency-Key: as for cancel; X-Acted-At: reported
   * offline, the device time (recorded bounded, docs/adr/0026).
   */
  @Post(':crisisId/ambulance-dispatch')
  @HttpCode(200)
  @AllowRoles('ambulance_dispatch')
  @DocumentHeader('idempotency-key', idempotencyKeySchema.optional())
  @DocumentHeader('x-acted-at', actedAtHeader.optional())
  @DocumentResponse({
    status: 200,
    description:
      'The dispatch is recorded and the Leitstelle’s task acknowledged: the crisis and its phase now. A repeat with the ' +
      'same Idempotency-Key gets the first answer, with `Idempotent-Replayed: true`.',
    content: { 'application/json': crisisStepResultSchema },
  })
  async reportAmbulanceDispatch(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Body(new ZodPipe(reportAmbulanceDispatchRequest)) body: ReportAmbulanceDispatchRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-acted-at') actedAt: string | undefined,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CrisisStepResult> {
    const parsedKey = optionalIdempotencyKey(key);
    return answerOf(res, await this.commands.reportAmbulanceDispatch(caseId, crisisId, body, user, parsedKey, actedAt));
  }

  /** The clinic's admission decision; answered once it is durably recorded. Idempotency-Key: as for cancel. */
  @Post(':crisisId/admission')
  @HttpCode(200)
  @AllowRoles('clinic_staff')
  @DocumentHeader('x-acted-at', actedAtHeader.optional())
  @DocumentHeader('idempotency-key', idempotencyKeySchema.optional())
  @DocumentResponse({
    status: 200,
    description:
      'The decision is recorded: the crisis and its phase now (`admitted` or `not_admitted`). A repeat with the same ' +
      'Idempotency-Key gets the first answer, with `Idempotent-Replayed: true`.',
    content: { 'application/json': crisisStepResultSchema },
  })
  async decideAdmission(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Body(new ZodPipe(decideAdmissionRequest)) body: DecideAdmissionRequest,
    @Headers('x-acted-at') actedAt: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CrisisStepResult> {
    const parsedKey = optionalIdempotencyKey(key);
    return answerOf(res, await this.commands.decideAdmission(caseId, crisisId, body, user, actedAt, parsedKey));
  }

  /**
   * The clinic announces the discharge; the crisis ends and the Hilfeplanung is requested.
   * Idempotency-Key: as for cancel (a repeat after the crisis ended gets the first answer too).
   */
  @Post(':crisisId/discharge')
  @HttpCode(200)
  @AllowRoles('clinic_staff')
  @DocumentHeader('idempotency-key', idempotencyKeySchema.optional())
  @DocumentResponse({
    status: 200,
    description:
      'The discharge is recorded and the crisis has ended (`discharged`). A repeat with the same Idempotency-Key gets ' +
      'the first answer, also after the end, with `Idempotent-Replayed: true`.',
    content: { 'application/json': crisisStepResultSchema },
  })
  async announceDischarge(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Body(new ZodPipe(announceDischargeRequest)) body: AnnounceDischargeRequest,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CrisisStepResult> {
    const parsedKey = optionalIdempotencyKey(key);
    return answerOf(res, await this.commands.announceDischarge(caseId, crisisId, body.plannedFor, user, parsedKey));
  }
}
