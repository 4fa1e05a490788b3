import { Controller, Get, Param } from '@nestjs/common';
import { accessLogResponse, caseIdSchema, type AccessLogResponse, type Principal } from '@hilfenetz/contracts';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { CaseAccessService } from './case-access.service';

@Controller('cases/:caseId/access-log')
export class AccessLogController {
  constructor(private readonly access: CaseAccessService) {}

  /** Who read this case's data, when and why, break-glass reads included. */
  @Get()
  @AllowRoles('supervisor', 'auditor')
  @DocumentResponse({
    status: 200,
    description: 'Every recorded read, oldest first.',
    content: { 'application/json': accessLogResponse },
  })
  list(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @CurrentUser() user: Principal,
  ): Promise<AccessLogResponse> {
    return this.access.accessLog(user, caseId);
  }
}
