import { Controller, Get, Param } from '@nestjs/common';
import { caseIdSchema, type TimelineResponse } from '@hilfenetz/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { TimelineService } from './timeline.service';

@Controller('cases/:caseId/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  /** The case's timeline read model, oldest event first. */
  @Get()
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'auditor')
  get(@Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string): Promise<TimelineResponse> {
    return this.timeline.forCase(caseId);
  }
}
