import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import {
  answerConsultationRequest,
  askConsultationRequest,
  consultationAnswerCreated,
  consultationCreated,
  consultationIdSchema,
  consultationList,
  markCaseExampleRequest,
  networkIdSchema,
  type AnswerConsultationRequest,
  type AskConsultationRequest,
  type ConsultationList,
  type MarkCaseExampleRequest,
  type Principal,
  type Role,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { NetworkConsultationsService } from './network-consultations.service';

/**
 * Who works in a network's daily cooperation: its coordinators and contacts, and the staff of the
 * member organisations (a Jugendamt's Fachkräfte, a Träger's, a clinic's). The organisation must
 * be a member; the role only admits the caller.
 */
export const networkStaffRoles: Role[] = [
  'network_coordinator',
  'partner_contact',
  'caseworker',
  'supervisor',
  'provider_staff',
  'clinic_staff',
];

/** Anonymous case consultations (issue 17 part 5, docs/adr/0039). */
@Controller('networks/:networkId/consultations')
export class NetworkConsultationsController {
  constructor(private readonly consultations: NetworkConsultationsService) {}

  /** The consultations the caller may see, newest first, with their answers. */
  @Get()
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 200,
    description: 'Own, addressed-to-us, network-wide and case-example consultations. Not a member → 403.',
    content: { 'application/json': consultationList },
  })
  list(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsultationList> {
    res.setHeader('Cache-Control', 'no-store');
    return this.consultations.list(networkId, user);
  }

  /** A case described anonymously; identifying data → 400 naming the field, nothing stored. */
  @Post()
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 201,
    description: 'The new consultation. Identifying text → 400; not a member → 403.',
    content: { 'application/json': consultationCreated },
  })
  ask(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Body(new ZodPipe(askConsultationRequest)) body: AskConsultationRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<{ consultationId: string }> {
    return this.consultations.ask(networkId, body, user, correlationId);
  }

  @Post(':consultationId/answers')
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 201,
    description: 'The answer recorded. Not the specialist asked → 403; identifying text → 400.',
    content: { 'application/json': consultationAnswerCreated },
  })
  answer(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('consultationId', new ZodPipe(consultationIdSchema, 'path')) consultationId: string,
    @Body(new ZodPipe(answerConsultationRequest)) body: AnswerConsultationRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<{ answerId: string }> {
    return this.consultations.answer(networkId, consultationId, body.answer, user, correlationId);
  }

  /** The coordinating office marks (or unmarks) a consultation as a case example for a meeting. */
  @Put(':consultationId/case-example')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async markCaseExample(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('consultationId', new ZodPipe(consultationIdSchema, 'path')) consultationId: string,
    @Body(new ZodPipe(markCaseExampleRequest)) body: MarkCaseExampleRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.consultations.markCaseExample(networkId, consultationId, body.caseExample, user, correlationId);
  }
}
