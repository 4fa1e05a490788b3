import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  breakGlassReview,
  breakGlassReviewIdSchema,
  breakGlassReviewList,
  breakGlassReviewQuery,
  decideBreakGlassReviewRequest,
  type BreakGlassReview,
  type BreakGlassReviewList,
  type BreakGlassReviewQuery,
  type DecideBreakGlassReviewRequest,
  type Principal,
} from '@hilfenetz/contracts';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { BreakGlassReviewService } from './break-glass-review.service';

@Controller('break-glass-reviews')
export class BreakGlassReviewController {
  constructor(private readonly reviews: BreakGlassReviewService) {}

  /**
   * The break-glass reads of the caller's office's cases under review, newest first: all of them
   * for a supervisor, the ones they were told of for the data protection officer.
   */
  @Get()
  @AllowRoles('supervisor', 'data_protection_officer')
  @DocumentResponse({
    status: 200,
    description: 'Open and decided reviews of the caller’s organisation (`status` filters).',
    content: { 'application/json': breakGlassReviewList },
  })
  list(
    @Query(new ZodPipe(breakGlassReviewQuery, 'query')) query: BreakGlassReviewQuery,
    @CurrentUser() user: Principal,
  ): Promise<BreakGlassReviewList> {
    return this.reviews.list(user, query);
  }

  /** The supervisor's verdict with a note; "unjustified" notifies the data protection officer. */
  @Post(':reviewId/decision')
  @HttpCode(200)
  @AllowRoles('supervisor')
  @DocumentResponse({
    status: 200,
    description: 'The decided review. Another office’s or an unknown review → 404; decided already → 409.',
    content: { 'application/json': breakGlassReview },
  })
  decide(
    @Param('reviewId', new ZodPipe(breakGlassReviewIdSchema, 'path')) reviewId: string,
    @Body(new ZodPipe(decideBreakGlassReviewRequest)) body: DecideBreakGlassReviewRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<BreakGlassReview> {
    return this.reviews.decide(user, reviewId, body, correlationId);
  }
}
