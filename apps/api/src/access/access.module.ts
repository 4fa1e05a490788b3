import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { AccessLogController } from './access-log.controller';
import { CaseAccessService } from './case-access.service';

/** Who may read which case, and the record of every read. */
@Module({
  imports: [AgreementsModule],
  controllers: [AccessLogController],
  providers: [CaseAccessService],
  exports: [CaseAccessService],
})
export class AccessModule {}
