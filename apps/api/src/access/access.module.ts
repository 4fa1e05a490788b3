import { Module } from '@nestjs/common';
import { AccessLogController } from './access-log.controller';
import { CaseAccessService } from './case-access.service';

/** Who may read which case, and the record of every read. */
@Module({
  controllers: [AccessLogController],
  providers: [CaseAccessService],
  exports: [CaseAccessService],
})
export class AccessModule {}
