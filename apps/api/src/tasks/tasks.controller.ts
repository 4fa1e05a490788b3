import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  acknowledgeTaskRequest,
  acknowledgeTaskResultSchema,
  type AcknowledgeTaskRequest,
  caseIdSchema,
  declineTaskRequest,
  declineTaskResultSchema,
  taskHolderRoles,
  taskIdSchema,
  type AcknowledgeTaskResult,
  type DeclineTaskRequest,
  type DeclineTaskResult,
  type Principal,
} from '@hilfenetz/contracts';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { crisisIdSchema } from '../crisis/crisis.controller';
import { CrisisCommandsService } from '../crisis/crisis-commands.service';
import { actedAtHeader } from '../crisis/device-time';
import { idempotencyKeySchema, optionalIdempotencyKey } from '../common/idempotency-key';
import { answerOf } from '../common/idempotent-update';
import { DocumentHeader, DocumentLinks, DocumentResponse } from '../openapi/response-schema.decorator';

/**
 * A party's answer to its crisis task. Every role that can hold a task may call these; whether
 * this person's organisation holds *this* task is decided by the workflow against its live state
 * (403 otherwise), so the check and the recorded answer can never disagree.
 */
@Controller('cases/:caseId/crises/:crisisId/tasks/:taskId')
export class TasksController {
  constructor(private readonly crises: CrisisCommandsService) {}

  /**
   * Answered once the acknowledgement is durably in the event store; a repeat returns the first.
   * X-Acted-At: done offline, the device time of acting (recorded bounded, docs/adr/0026).
   */
  @Post('acknowledge')
  @HttpCode(200)
  @AllowRoles(...taskHolderRoles)
  @DocumentHeader('x-acted-at', actedAtHeader.optional())
  @DocumentResponse({
    status: 200,
    description:
      'The acknowledgement as recorded: who and when. If the party had already acknowledged, the first ' +
      'acknowledgement (`alreadyAcknowledged: true`).',
    content: { 'application/json': acknowledgeTaskResultSchema },
  })
  @DocumentLinks(200, {
    CrisisStatus: {
      operationId: 'CrisisController_status',
      parameters: { caseId: '$request.path.caseId', crisisId: '$request.path.crisisId' },
      description: 'The live state of the crisis, with the task acknowledged.',
    },
    ReadTimeline: {
      operationId: 'TimelineController_get',
      parameters: { caseId: '$request.path.caseId' },
      description: 'The case timeline with the acknowledgement in it.',
    },
  })
  acknowledge(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Param('taskId', new ZodPipe(taskIdSchema, 'path')) taskId: string,
    @Body(new ZodPipe(acknowledgeTaskRequest)) body: AcknowledgeTaskRequest,
    @Headers('x-acted-at') actedAt: string | undefined,
    @CurrentUser() user: Principal,
  ): Promise<AcknowledgeTaskResult> {
    return this.crises.acknowledge(caseId, crisisId, taskId, user, body.method, actedAt);
  }

  /**
   * The task moves on to the next contact of the party's chain. X-Acted-At: as for acknowledge.
   * Idempotency-Key (optional): a repeat of the same request (an answer lost on the way) gets the
   * first answer, with `Idempotent-Replayed: true`, instead of 409; the key with another body is 422.
   */
  @Post('decline')
  @HttpCode(200)
  @AllowRoles(...taskHolderRoles)
  @DocumentHeader('x-acted-at', actedAtHeader.optional())
  @DocumentHeader('idempotency-key', idempotencyKeySchema.optional())
  @DocumentResponse({
    status: 200,
    description:
      'The decline is recorded: `nowWith` names the contact the task went to, or is null when no next contact took it ' +
      '(the supervisor was alerted, or the party counts as unreachable).',
    content: { 'application/json': declineTaskResultSchema },
  })
  async decline(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Param('crisisId', new ZodPipe(crisisIdSchema, 'path')) crisisId: string,
    @Param('taskId', new ZodPipe(taskIdSchema, 'path')) taskId: string,
    @Body(new ZodPipe(declineTaskRequest)) body: DeclineTaskRequest,
    @Headers('x-acted-at') actedAt: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DeclineTaskResult> {
    const parsedKey = optionalIdempotencyKey(key);
    return answerOf(
      res,
      await this.crises.decline(caseId, crisisId, taskId, body.reason, user, actedAt, parsedKey, body.reasonCategory),
    );
  }
}
