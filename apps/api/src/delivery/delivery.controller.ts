import { Body, Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  caseIdSchema,
  gatewayReceiptRequest,
  guardianConfirmationRequest,
  guardianConfirmationResponseSchema,
  taskDeliveryReceiptRequest,
  taskHolderRoles,
  taskIdSchema,
  type GatewayReceiptRequest,
  type GuardianConfirmationRequest,
  type GuardianConfirmationResponse,
  type Principal,
  type TaskDeliveryReceiptRequest,
} from '@hilfenetz/contracts';
import type { Request } from 'express';
import { AllowRoles, CurrentUser, PublicEndpoint } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import type { RawBodyRequest } from '../common/json-body.middleware';
import { ZodPipe } from '../common/zod-body.pipe';
import { crisisIdSchema } from '../crisis/crisis.controller';
import { DeliveryService } from './delivery.service';
import { DocumentProblems, DocumentResponse } from '../openapi/response-schema.decorator';

/** Receipts that make a notification count as delivered (docs/adr/0010). */
@Controller()
export class DeliveryController {
  constructor(private readonly delivery: DeliveryService) {}

  /** An open client of the organisation holding the task: it arrived (`delivered`) or was opened (`seen`). */
  @Post('cases/:caseId/crises/:crisisId/tasks/:taskId/delivery')
  @HttpCode(202)
  @AllowRoles(...taskHolderRoles)
  async taskDelivery(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Param('taskId', new ZodPipe(taskIdSchema, 'path')) taskId: string,
    @Body(new ZodPipe(taskDeliveryReceiptRequest)) body: TaskDeliveryReceiptRequest,
    @CurrentUser() user: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    await this.delivery.confirmInApp(caseId, crisisId, taskId, body.state, user, correlationId);
  }

  /**
   * The SMS/voice gateway's delivery receipt. No bearer token (the gateway has no account): the
   * HMAC signature over the raw body with the shared secret is its authentication.
   */
  @Post('notifications/gateway-receipts')
  @HttpCode(202)
  @PublicEndpoint()
  @DocumentProblems(401, 404, 422)
  async gatewayReceipt(
    @Body(new ZodPipe(gatewayReceiptRequest)) body: GatewayReceiptRequest,
    @Headers('x-hilfenetz-signature') signature: string | undefined,
    @Req() req: RawBodyRequest,
  ): Promise<void> {
    await this.delivery.gatewayReceipt(req.rawBody, signature, body);
  }

  /**
   * A guardian confirms with the code from the text message. No login (guardians have no account);
   * the code is the proof, wrong codes lock the device out after five tries, and the answer reveals
   * nothing about the case.
   */
  @Post('public/guardian-confirmations')
  @HttpCode(200)
  @PublicEndpoint()
  @DocumentProblems(422, 429)
  @DocumentResponse({
    status: 200,
    description:
      'The code is right (the guardian’s task is acknowledged while the crisis runs). `contactPhone`: the youth ' +
      'office’s number to call, null when it cannot be told; nothing about the case.',
    content: { 'application/json': guardianConfirmationResponseSchema },
  })
  confirmGuardian(
    @Body(new ZodPipe(guardianConfirmationRequest)) body: GuardianConfirmationRequest,
    @Req() req: Request,
  ): Promise<GuardianConfirmationResponse> {
    return this.delivery.confirmGuardian(body.code, `ip:${req.ip ?? 'unknown'}`);
  }
}
