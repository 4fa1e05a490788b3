import { Body, Controller, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  addGuardianRequest,
  caseIdSchema,
  changeGuardianRequest,
  guardianViewSchema,
  type GuardianDetails,
  type GuardianView,
  type Principal,
} from '@hilfenetz/contracts';
import { z } from 'zod';
import { CaseAccessService } from '../access/case-access.service';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { GuardiansService } from './guardians.service';

const guardianIdSchema = z.string().regex(/^g-[A-Za-z0-9-]{4,60}$/, 'must be a guardian id (g-…)');

/**
 * The guardians of a case, kept by the lead office: whom to reach when a crisis starts. Only the
 * lead organisation changes them (403 for anyone else, nothing written); the details are sealed
 * under the young person's key and read through GET /cases/:caseId.
 */
@Controller('cases/:caseId/guardians')
export class GuardiansController {
  constructor(
    private readonly guardians: GuardiansService,
    private readonly access: CaseAccessService,
  ) {}

  /** One more guardian, reached after the ones recorded before. */
  @Post()
  @AllowRoles('caseworker', 'on_call', 'supervisor')
  @DocumentResponse({
    status: 201,
    description: 'The guardian as recorded (rank = order to reach them).',
    content: { 'application/json': guardianViewSchema },
  })
  async add(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Body(new ZodPipe(addGuardianRequest)) body: GuardianDetails,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<GuardianView> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    return this.guardians.add(caseId, body, user, correlationId);
  }

  /** The guardian's details as they are now (the whole set: a new number, another channel). */
  @Put(':guardianId')
  @AllowRoles('caseworker', 'on_call', 'supervisor')
  @DocumentResponse({
    status: 200,
    description: 'The guardian as now recorded; 404 for a guardian the case does not have.',
    content: { 'application/json': guardianViewSchema },
  })
  async change(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('guardianId', new ZodPipe(guardianIdSchema, 'path')) guardianId: string,
    @Body(new ZodPipe(changeGuardianRequest)) body: GuardianDetails,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<GuardianView> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    return this.guardians.replace(caseId, guardianId, body, user, correlationId);
  }

  /** The person no longer has custody: removed from the case (the history keeps that they were). */
  @Delete(':guardianId')
  @HttpCode(204)
  @AllowRoles('caseworker', 'on_call', 'supervisor')
  async remove(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('guardianId', new ZodPipe(guardianIdSchema, 'path')) guardianId: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.access.authorizeWrite(user, caseId, correlationId);
    await this.guardians.remove(caseId, guardianId, user, correlationId);
  }
}
