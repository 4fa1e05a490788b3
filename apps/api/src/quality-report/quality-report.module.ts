import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { AgreementScopeService } from './agreement-scope.service';
import { QualityReportController } from './quality-report.controller';
import { QualityReportService } from './quality-report.service';

/** The anonymised quality report for the Runder Tisch (issue 18 §3). */
@Module({
  imports: [AgreementsModule],
  controllers: [QualityReportController],
  providers: [QualityReportService, AgreementScopeService],
  exports: [AgreementScopeService],
})
export class QualityReportModule {}
