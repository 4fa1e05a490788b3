import { Module } from '@nestjs/common';
import { QualityAnnotationsModule } from '../quality-annotations/quality-annotations.module';
import { QualityReportModule } from '../quality-report/quality-report.module';
import { WeaknessRegisterController } from './weakness-register.controller';
import { WeaknessRegisterService } from './weakness-register.service';

/** The agreement-scoped register of weaknesses; a network-level one (issue 17) can sit beside it. */
@Module({
  imports: [QualityReportModule, QualityAnnotationsModule],
  controllers: [WeaknessRegisterController],
  providers: [WeaknessRegisterService],
})
export class WeaknessRegisterModule {}
