import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { QualityReportModule } from '../quality-report/quality-report.module';
import { InterfaceItemsController } from './interface-items.controller';
import { InterfaceItemsService } from './interface-items.service';

/** The lead office's cause annotations at the interfaces (issue 18 §3, ADR 0036). */
@Module({
  imports: [AccessModule, QualityReportModule],
  controllers: [InterfaceItemsController],
  providers: [InterfaceItemsService],
  exports: [InterfaceItemsService],
})
export class QualityAnnotationsModule {}
