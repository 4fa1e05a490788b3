import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  decideReferralRequest,
  networkIdSchema,
  referralCreated,
  referralIdSchema,
  referralAccessLog,
  referralLists,
  sendReferralRequest,
  type DecideReferralRequest,
  type Principal,
  type ReferralAccessLog,
  type ReferralLists,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import type { z } from 'zod';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { networkStaffRoles } from './network-consultations.controller';
import { NetworkReferralsService } from './network-referrals.service';

/** Referrals between partners (issue 17 part 6, docs/adr/0039). */
@Controller('networks/:networkId/referrals')
export class NetworkReferralsController {
  constructor(private readonly referrals: NetworkReferralsService) {}

  /** Sent, received (the inbox) and, for the coordinating office, the missed deadlines. */
  @Get()
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 200,
    description: 'The caller organisation’s referrals. Not a member → 403.',
    content: { 'application/json': referralLists },
  })
  lists(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferralLists> {
    res.setHeader('Cache-Control', 'no-store');
    return this.referrals.lists(networkId, user);
  }

  /** Who opened the family's data: for the referring partner and the coordination (Art. 15 DSGVO). */
  @Get(':referralId/access-log')
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 200,
    description:
      'Every opening of the family’s data by a person, newest first (at most 500). The receiving partner → 403; not a member, or a referral the caller may not see → 404.',
    content: { 'application/json': referralAccessLog },
  })
  accessLog(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('referralId', new ZodPipe(referralIdSchema, 'path')) referralId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferralAccessLog> {
    res.setHeader('Cache-Control', 'no-store');
    return this.referrals.accessLog(networkId, referralId, user);
  }

  /** A family referred to another partner's offer, with its recorded consent (no consent → 400). */
  @Post()
  @AllowRoles(...networkStaffRoles)
  @DocumentResponse({
    status: 201,
    description: 'The new referral; the receiving partner has `respondWithinDays` to decide.',
    content: { 'application/json': referralCreated },
  })
  send(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Body(new ZodPipe(sendReferralRequest)) body: z.output<typeof sendReferralRequest>,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<{ referralId: string }> {
    return this.referrals.send(networkId, body, user, correlationId);
  }

  /** The receiving partner accepts or declines; the referring partner learns only this. */
  @Post(':referralId/decision')
  @HttpCode(204)
  @AllowRoles(...networkStaffRoles)
  async decide(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('referralId', new ZodPipe(referralIdSchema, 'path')) referralId: string,
    @Body(new ZodPipe(decideReferralRequest)) body: DecideReferralRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.referrals.decide(networkId, referralId, body.decision, user, correlationId);
  }

  /** The family's data erased for good (its key destroyed); every read shows „gelöscht“. */
  @Post(':referralId/erasure')
  @HttpCode(204)
  @AllowRoles(...networkStaffRoles)
  async erase(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('referralId', new ZodPipe(referralIdSchema, 'path')) referralId: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.referrals.erase(networkId, referralId, user, correlationId);
  }
}
