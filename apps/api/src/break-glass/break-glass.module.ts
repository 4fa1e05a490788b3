import { Module } from '@nestjs/common';
import { BreakGlassReviewController } from './break-glass-review.controller';
import { BreakGlassReviewService } from './break-glass-review.service';

/** The lead office's review of break-glass reads into its cases (docs/adr/0019). */
@Module({
  controllers: [BreakGlassReviewController],
  providers: [BreakGlassReviewService],
})
export class BreakGlassModule {}
