import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import {
  caseIdSchema,
  lagebildDto,
  lagebildQuery,
  type Lagebild,
  type LagebildQuery,
  type Principal,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { crisisIdSchema } from '../crisis/crisis.controller';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { lagebildToPdf } from './lagebild-pdf';
import { LagebildService } from './lagebild.service';

/** The roles that read a Lagebild: the lead office (any audience), the Leitstelle and the clinic (their own). */
const readers = ['caseworker', 'on_call', 'supervisor', 'ambulance_dispatch', 'clinic_staff'] as const;

@Controller('cases/:caseId/crises/:crisisId')
export class LagebildController {
  constructor(private readonly lagebilder: LagebildService) {}

  /**
   * The situation report of one crisis from the log, cut for an audience: `supervisor` (everything),
   * `leitstelle` / `clinic` (their briefing's fields), `runder_tisch` (no identifying data). The lead
   * office's caseworkers, on-call service and supervisors read every audience; the organisation
   * holding the ambulance task `leitstelle`, the clinic holding the clinic task `clinic` (another
   * audience: 403); for anyone else the crisis does not exist (404). Every read is access-logged.
   */
  @Get('lagebild')
  @AllowRoles(...readers)
  @DocumentResponse({
    status: 200,
    description: 'The Lagebild for the audience (default: the widest the caller may read).',
    content: { 'application/json': lagebildDto },
  })
  lagebild(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Query(new ZodPipe(lagebildQuery, 'query')) query: LagebildQuery,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<Lagebild> {
    return this.lagebilder.lagebild(caseId, crisisId, query.audience, user, correlationId);
  }

  /** The same report as a German PDF (Content-Disposition: attachment). */
  @Get('lagebild.pdf')
  @AllowRoles(...readers)
  @DocumentResponse({
    status: 200,
    description: 'The Lagebild for the audience as a PDF.',
    content: { 'application/pdf': z.string().describe('binary') },
  })
  async pdf(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Query(new ZodPipe(lagebildQuery, 'query')) query: LagebildQuery,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const report = await this.lagebilder.lagebild(caseId, crisisId, query.audience, user, correlationId);
    res.attachment(
      report.caseId ? `lagebild-${report.caseId}-${report.audience}.pdf` : `lagebild-${report.audience}.pdf`,
    );
    res.type('application/pdf');
    return new StreamableFile(await lagebildToPdf(report, user), { type: 'application/pdf' });
  }
}
