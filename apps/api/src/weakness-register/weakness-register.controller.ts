import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  changeWeaknessStatusRequest,
  registerWeaknessRequest,
  weaknessEntry,
  weaknessIdSchema,
  weaknessRegister,
  weaknessRegisterQuery,
  type ChangeWeaknessStatusRequest,
  type Principal,
  type RegisterWeaknessRequest,
  type WeaknessEntry,
  type WeaknessRegister,
  type WeaknessRegisterQuery,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentProblems, DocumentResponse } from '../openapi/response-schema.decorator';
import { qualityReportReaders } from '../quality-report/quality-report.controller';
import { WeaknessRegisterService } from './weakness-register.service';

/** The agreement's register of weaknesses and change proposals (issue 18 §3, ADR 0036). */
@Controller('weakness-register')
export class WeaknessRegisterController {
  constructor(private readonly register: WeaknessRegisterService) {}

  @Get()
  @AllowRoles(...qualityReportReaders)
  @DocumentResponse({
    status: 200,
    description: 'The register, newest first. An organisation outside the agreement → 403.',
    content: { 'application/json': weaknessRegister },
  })
  list(
    @Query(new ZodPipe(weaknessRegisterQuery, 'query')) query: WeaknessRegisterQuery,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WeaknessRegister> {
    res.setHeader('Cache-Control', 'no-store');
    return this.register.list(query.agreementId, user);
  }

  /** The lead office promotes an annotated item of its own cases; identifying text → 400, nothing stored. */
  @Post()
  @AllowRoles('supervisor', 'caseworker')
  // The item is named in the body, not the path, so the 404 is not implied by a path parameter.
  @DocumentProblems(404)
  @DocumentResponse({
    status: 201,
    description: 'The new entry (status open). Not the lead office → 403; an item not its own → 404.',
    content: { 'application/json': weaknessEntry },
  })
  create(
    @Body(new ZodPipe(registerWeaknessRequest)) body: RegisterWeaknessRequest,
    @CurrentUser() user: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<WeaknessEntry> {
    return this.register.register(body, user, correlationId);
  }

  /** The lead office moves an entry on: offen, an Gremium, in Vereinbarung übernommen, erledigt. */
  @Post(':weaknessId/status')
  @HttpCode(200)
  @AllowRoles('supervisor', 'caseworker')
  @DocumentResponse({
    status: 200,
    description: 'The entry with its new status. Not the lead office → 403; unknown or foreign entry → 404.',
    content: { 'application/json': weaknessEntry },
  })
  changeStatus(
    @Param('weaknessId', new ZodPipe(weaknessIdSchema, 'path')) weaknessId: string,
    @Body(new ZodPipe(changeWeaknessStatusRequest)) body: ChangeWeaknessStatusRequest,
    @CurrentUser() user: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<WeaknessEntry> {
    return this.register.changeStatus(weaknessId, body, user, correlationId);
  }
}
