import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  answerInvitationRequest,
  caseIdSchema,
  endHelpRequest,
  hilfeplanungLiveStateSchema,
  planViewSchema,
  recordPlanRequest,
  requestReviewRequest,
  reviewRequestAcceptedSchema,
  scheduleMeetingRequest,
  startHilfeplanungRequest,
  submitStatementRequest,
  type HilfeplanungLiveState,
  type PlanView,
  type Principal,
  type RecordPlanRequest,
  type ReviewRequestAccepted,
  type StartHilfeplanungRequest,
} from '@hilfenetz/contracts';
import type { z } from 'zod';
import { CaseAccessService } from '../access/case-access.service';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { actingRole } from '../auth/acting-role';
import { CorrelationId, correlationIdFrom } from '../common/correlation-id';
import { idempotencyKeySchema, optionalIdempotencyKey } from '../common/idempotency-key';
import { answerOf } from '../common/idempotent-update';
import { actedAtHeader } from '../crisis/device-time';
import { ProblemException } from '../common/problem-details.filter';
import { DocumentHeader, DocumentResponse } from '../openapi/response-schema.decorator';
import { ZodPipe } from '../common/zod-body.pipe';
import { HilfeplanungCommandsService } from './hilfeplanung-commands.service';
import { HilfeplanungReadsService } from './hilfeplanung-reads.service';

const caseParam = new ZodPipe(caseIdSchema, 'path');

/**
 * Help planning after discharge (§36 SGB VIII). One Hilfeplanung per case. The youth office of
 * the lead organisation starts, schedules, records and ends it; reads of its state and plan are
 * in the access log (others of the youth office read by break-glass). Clinic and Träger staff take
 * part when their organisation does (libs/domain planningOrganisationsOf): their reads are recorded, and the
 * workflow decides what they may answer or submit.
 */
@Controller('cases/:caseId/hilfeplanung')
export class HilfeplanungController {
  constructor(
    private readonly planning: HilfeplanungCommandsService,
    private readonly reads: HilfeplanungReadsService,
    private readonly access: CaseAccessService,
  ) {}

  private async read(
    user: Principal,
    caseId: string,
    resource: 'hilfeplanung' | 'hilfeplan',
    breakGlassReason: string | undefined,
    correlationId: string,
  ) {
    return this.access.authorizeRead(user, caseId, resource, breakGlassReason, correlationId, {
      participation: { kind: 'organisations', organisationIds: await this.reads.participatingOrganisations(caseId) },
    });
  }

  /**
   * Answers in the planning: the lead youth office (also for the young person and the guardian),
   * or a clinic or Träger that takes part in it. Checked before the workflow sees the request.
   */
  private async authorizeAnswer(user: Principal, caseId: string, correlationId: string): Promise<void> {
    const role = actingRole(user.roles);
    if (role !== 'clinic_staff' && role !== 'provider_staff') {
      return this.access.authorizeWrite(user, caseId, correlationId);
    }
    if (!(await this.reads.participatingOrganisations(caseId)).includes(user.organisationId)) {
      throw new ProblemException(403, 'Forbidden', 'Your organisation takes no part in this Hilfeplanung.');
    }
  }

  /** Starts help planning for an existing case (after a crisis it starts with the discharge). */
  @Post()
  @AllowRoles('caseworker', 'on_call')
  @DocumentResponse({
    status: 201,
    description:
      'The planning’s live state once its first cycle is recorded (phase awaiting_schedule, statements requested).',
    content: { 'application/json': hilfeplanungLiveStateSchema },
  })
  async start(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(startHilfeplanungRequest)) body: StartHilfeplanungRequest,
    @Headers('x-correlation-id') correlation: string | undefined,
    @CurrentUser() user: Principal,
  ): Promise<HilfeplanungLiveState> {
    const correlationId = correlationIdFrom(correlation);
    await this.access.authorizeWrite(user, caseId, correlationId);
    return this.planning.start(caseId, body ?? {}, user, correlationId);
  }

  @Get()
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'clinic_staff', 'provider_staff')
  @DocumentResponse({
    status: 200,
    description: 'The planning’s live state, with the delivery status of this cycle’s messages.',
    content: { 'application/json': hilfeplanungLiveStateSchema },
  })
  async status(
    @Param('caseId', caseParam) caseId: string,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<HilfeplanungLiveState> {
    await this.read(user, caseId, 'hilfeplanung', breakGlassReason, correlationId);
    return this.reads.status(caseId);
  }

  @Post('meeting')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call')
  @DocumentResponse({
    status: 200,
    description: 'The live state with the meeting scheduled and every party’s invitation pending.',
    content: { 'application/json': hilfeplanungLiveStateSchema },
  })
  async schedule(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(scheduleMeetingRequest)) body: z.infer<typeof scheduleMeetingRequest>,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<HilfeplanungLiveState> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    return this.planning.scheduleMeeting(caseId, body.meetingAt, user, body.notify);
  }

  /**
   * A party's answer to the invitation. Idempotency-Key (optional; the web app sends one, also from
   * its offline queue): a repeat of the same answer gets the first answer, with
   * `Idempotent-Replayed: true`; the key with another body is 422. X-Acted-At: answered offline,
   * the device time of answering (recorded bounded, docs/adr/0026).
   */
  @Post('invitations')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call', 'clinic_staff', 'provider_staff')
  @DocumentResponse({
    status: 200,
    description:
      'The live state with the answer recorded; a repeated Idempotency-Key gets the first answer’s state again (Idempotent-Replayed: true).',
    content: { 'application/json': hilfeplanungLiveStateSchema },
  })
  @DocumentHeader('idempotency-key', idempotencyKeySchema.optional())
  @DocumentHeader('x-acted-at', actedAtHeader.optional())
  async answer(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(answerInvitationRequest)) body: z.infer<typeof answerInvitationRequest>,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-acted-at') actedAt: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HilfeplanungLiveState> {
    const parsedKey = optionalIdempotencyKey(key);
    await this.authorizeAnswer(user, caseId, correlationId);
    return answerOf(res, await this.planning.answerInvitation(caseId, body, user, parsedKey, actedAt));
  }

  @Post('statements')
  @HttpCode(200)
  @AllowRoles('clinic_staff', 'provider_staff')
  @DocumentResponse({
    status: 200,
    description: 'The live state with the party’s statement submitted.',
    content: { 'application/json': hilfeplanungLiveStateSchema },
  })
  async statement(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(submitStatementRequest)) body: z.infer<typeof submitStatementRequest>,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<HilfeplanungLiveState> {
    await this.authorizeAnswer(user, caseId, correlationId);
    return this.planning.submitStatement(caseId, body.text, user);
  }

  @Post('plan')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call')
  @DocumentResponse({
    status: 200,
    description: 'The live state with the plan in force and its next review date.',
    content: { 'application/json': hilfeplanungLiveStateSchema },
  })
  async recordPlan(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(recordPlanRequest)) body: RecordPlanRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<HilfeplanungLiveState> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    return this.planning.recordPlan(caseId, body, user);
  }

  @Get('plan')
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'clinic_staff', 'provider_staff')
  @DocumentResponse({
    status: 200,
    description:
      'The latest plan, decrypted; a clinic or Träger gets only its own measures and their goals, without the young person’s view (partial: true).',
    content: { 'application/json': planViewSchema },
  })
  async plan(
    @Param('caseId', caseParam) caseId: string,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<PlanView> {
    await this.read(user, caseId, 'hilfeplan', breakGlassReason, correlationId);
    return this.reads.plan(caseId, user);
  }

  @Post('review-requests')
  @HttpCode(202)
  @AllowRoles('caseworker', 'on_call', 'clinic_staff', 'provider_staff')
  @DocumentResponse({
    status: 202,
    description: 'The request was handed to the planning; the earlier review cycle starts asynchronously.',
    content: { 'application/json': reviewRequestAcceptedSchema },
  })
  async review(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(requestReviewRequest)) body: z.infer<typeof requestReviewRequest>,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<ReviewRequestAccepted> {
    await this.authorizeAnswer(user, caseId, correlationId);
    await this.planning.requestReview(caseId, body, user);
    return { accepted: true };
  }

  @Post('end')
  @HttpCode(200)
  @AllowRoles('caseworker', 'on_call')
  @DocumentResponse({
    status: 200,
    description: 'The live state with the help ended (phase ended).',
    content: { 'application/json': hilfeplanungLiveStateSchema },
  })
  async end(
    @Param('caseId', caseParam) caseId: string,
    @Body(new ZodPipe(endHelpRequest)) body: z.infer<typeof endHelpRequest>,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<HilfeplanungLiveState> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    return this.planning.endHelp(caseId, body, user);
  }
}
