import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { AccessLogController } from './access-log.controller';
import { AccessLogService } from './access-log.service';
import { AccessRecordsService } from './access-records.service';
import { BreakGlassGrantsService } from './break-glass-grants.service';
import { BreakGlassReviewStarter } from './break-glass-review-starter.service';
import { CaseAccessService } from './case-access.service';

/** Who may read which case, and the record of every read. */
@Module({
  imports: [AgreementsModule],
  controllers: [AccessLogController],
  providers: [
    CaseAccessService,
    AccessRecordsService,
    BreakGlassGrantsService,
    BreakGlassReviewStarter,
    AccessLogService,
  ],
  exports: [CaseAccessService, AccessRecordsService],
})
export class AccessModule {}
