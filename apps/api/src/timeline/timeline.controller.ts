import { Controller, Get, Headers, Param } from '@nestjs/common';
import { caseIdSchema, type Principal, type TimelineResponse } from '@hilfenetz/contracts';
import { CaseAccessService } from '../access/case-access.service';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { correlationIdFrom } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { TimelineService } from './timeline.service';

@Controller('cases/:caseId/timeline')
export class TimelineController {
  constructor(
    private readonly timeline: TimelineService,
    private readonly access: CaseAccessService,
  ) {}

  /** The case's timeline read model, oldest event first. Every read is in the access log. */
  @Get()
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'auditor')
  async get(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Headers('x-break-glass-reason') breakGlassReason: string | undefined,
    @Headers('x-correlation-id') correlation: string | undefined,
    @CurrentUser() user: Principal,
  ): Promise<TimelineResponse> {
    await this.access.authorizeRead(user, caseId, 'timeline', breakGlassReason, correlationIdFrom(correlation));
    return this.timeline.forCase(caseId);
  }
}
