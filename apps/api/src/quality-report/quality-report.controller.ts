import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import {
  qualityReportDto,
  qualityReportExportQuery,
  qualityReportQuery,
  type Principal,
  type QualityReport,
  type QualityReportExportQuery,
  type QualityReportQuery,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { qualityReportToCsv } from './quality-report-csv';
import { qualityReportToPdf } from './quality-report-pdf';
import { QualityReportService } from './quality-report.service';

/**
 * Who reads the quality report and the register of weaknesses: supervisors (Leitung), auditors
 * and network coordinators (issue 17) of an organisation of the agreement.
 */
export const qualityReportReaders = ['supervisor', 'auditor', 'network_coordinator'] as const;

@Controller('quality-reports')
export class QualityReportController {
  constructor(private readonly reports: QualityReportService) {}

  /**
   * The anonymised quality report of an agreement over whole calendar months (issue 18 §3): per
   * interface the handoff latency (median, p90) and counts, per month; every cell under five cases
   * reads "< 5". No case, person, free text or exact time.
   */
  @Get()
  @AllowRoles(...qualityReportReaders)
  @DocumentResponse({
    status: 200,
    description: 'The anonymised quality report.',
    content: { 'application/json': qualityReportDto },
  })
  get(
    @Query(new ZodPipe(qualityReportQuery, 'query')) query: QualityReportQuery,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QualityReport> {
    res.setHeader('Cache-Control', 'no-store');
    return this.reports.report(query, user);
  }

  /** The same report as a file: CSV (one figure a row), JSON, or a PDF with the monthly trend charts. */
  @Get('export')
  @AllowRoles(...qualityReportReaders)
  @DocumentResponse({
    status: 200,
    description: 'The quality report as a file (Content-Disposition: attachment).',
    content: {
      'text/csv': z.string(),
      'application/json': qualityReportDto,
      'application/pdf': z.string().describe('binary'),
    },
  })
  async export(
    @Query(new ZodPipe(qualityReportExportQuery, 'query')) query: QualityReportExportQuery,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QualityReport | string | StreamableFile> {
    const { format, ...period } = query;
    const report = await this.reports.report(period, user);
    res.setHeader('Cache-Control', 'no-store');
    res.attachment(`qualitaetsbericht-${period.agreementId}-${period.from}-${period.to}.${format}`);
    if (format === 'json') return report;
    if (format === 'pdf') {
      res.type('application/pdf');
      return new StreamableFile(await qualityReportToPdf(report), { type: 'application/pdf' });
    }
    res.type('text/csv; charset=utf-8');
    return qualityReportToCsv(report);
  }
}
