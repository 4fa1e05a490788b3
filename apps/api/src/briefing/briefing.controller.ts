import { Controller, Get, Param } from '@nestjs/common';
import {
  caseIdSchema,
  taskBriefingSchema,
  taskIdSchema,
  type Principal,
  type TaskBriefing,
} from '@hilfenetz/contracts';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { crisisIdSchema } from '../crisis/crisis.controller';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { BriefingService } from './briefing.service';

@Controller('cases/:caseId/crises/:crisisId/tasks/:taskId/briefing')
export class BriefingController {
  constructor(private readonly briefings: BriefingService) {}

  /**
   * What the holder of this task needs to act (need-to-know, granted per party by the agreement
   * the crisis runs under). The organisation holding the task now and the lead office read it;
   * for anyone else the task does not exist (404). Every read is in the case's access log.
   */
  @Get()
  @AllowRoles('caseworker', 'on_call', 'supervisor', 'provider_staff', 'clinic_staff', 'ambulance_dispatch')
  @DocumentResponse({
    status: 200,
    description:
      'The fields the agreement grants the task’s party; an ungranted field is absent, a granted unknown one null.',
    content: { 'application/json': taskBriefingSchema },
  })
  briefing(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Param('taskId', new ZodPipe(taskIdSchema, 'path')) taskId: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<TaskBriefing> {
    return this.briefings.briefing(caseId, crisisId, taskId, user, correlationId);
  }
}
