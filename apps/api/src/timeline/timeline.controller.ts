import { Controller, Get, Headers, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import type { AppConfig } from '@hilfenetz/config';
import {
  caseIdSchema,
  timelineExport,
  timelineExportQuery,
  timelinePage,
  timelineQuery,
  type Principal,
  type TimelineExport,
  type TimelineExportQuery,
  type TimelinePage,
  type TimelineQuery,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { CaseAccessService } from '../access/case-access.service';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { APP_CONFIG } from '../infrastructure/tokens';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { timelineToCsv } from './timeline-csv';
import { timelineToPdf } from './timeline-pdf';
import { TimelineService } from './timeline.service';

@Controller('cases/:caseId/timeline')
export class TimelineController {
  constructor(
    private readonly timeline: TimelineService,
    private readonly access: CaseAccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The case's timeline, oldest event first, paged and filterable, with SLA figures and the hash
   * chain check over the whole case. Every read is in the access log.
   */
  @Get()
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'auditor')
  @DocumentResponse({
    status: 200,
    description: 'One page of the timeline.',
    content: { 'application/json': timelinePage },
  })
  async get(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Query(new ZodPipe(timelineQuery, 'query')) query: TimelineQuery,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<TimelinePage> {
    await this.access.authorizeRead(user, caseId, 'timeline', breakGlassReason, correlationId);
    return this.timeline.page(caseId, query);
  }

  /**
   * The whole (filtered) timeline as a file: JSON, CSV with a header row, or a German PDF a
   * supervisor can hand to a court (sealed personal values shown only as "[verschlüsselt]").
   * At most API_EXPORT_MAX_ENTRIES events; more is refused with 422, never cut silently.
   */
  @Get('export')
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'auditor')
  @DocumentResponse({
    status: 200,
    description: 'The timeline as a file (Content-Disposition: attachment).',
    content: {
      'application/json': timelineExport,
      'text/csv': z.string(),
      'application/pdf': z.string().describe('binary'),
    },
  })
  async export(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Query(new ZodPipe(timelineExportQuery, 'query')) query: TimelineExportQuery,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TimelineExport | string | StreamableFile> {
    await this.access.authorizeRead(user, caseId, 'timeline_export', breakGlassReason, correlationId);
    const { format, ...filter } = query;
    const exported = await this.timeline.export(caseId, filter, this.config.API_EXPORT_MAX_ENTRIES);
    res.attachment(`timeline-${caseId}.${format}`);
    if (format === 'json') return exported;
    if (format === 'pdf') {
      res.type('application/pdf');
      return new StreamableFile(await timelineToPdf(exported, user), { type: 'application/pdf' });
    }
    res.type('text/csv; charset=utf-8');
    return timelineToCsv(exported.entries);
  }
}
