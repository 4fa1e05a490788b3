import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { accessLogResponse, caseIdSchema, type AccessLogResponse, type Principal } from '@hilfenetz/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { AccessLogService } from './access-log.service';

/** The most entries one answer holds; more is refused (400), not cut, so a client learns the bound. */
export const ACCESS_LOG_MAX_LIMIT = 1000;

const accessLogQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(ACCESS_LOG_MAX_LIMIT).default(ACCESS_LOG_MAX_LIMIT),
    /** The `id` of the last entry of the previous page (the `Link: rel="next"` of the answer carries it). */
    after: z
      .string()
      .regex(/^[0-9]{1,18}$/, 'must be the id of an entry of this log')
      .optional(),
  })
  .strict();

@Controller('cases/:caseId/access-log')
export class AccessLogController {
  constructor(private readonly log: AccessLogService) {}

  /** Who read this case's data, when and why, break-glass reads included. */
  @Get()
  @AllowRoles('supervisor', 'auditor')
  @DocumentResponse({
    status: 200,
    description:
      `Recorded reads, oldest first, at most \`limit\` (≤ ${ACCESS_LOG_MAX_LIMIT}) of them; ` +
      'when more follow, the header `Link: <?limit=…&after=…>; rel="next"` names the next page.',
    content: { 'application/json': accessLogResponse },
  })
  async list(
    @Param('caseId', new ZodPipe(caseIdSchema, 'path')) caseId: string,
    @Query(new ZodPipe(accessLogQuery, 'query')) query: z.infer<typeof accessLogQuery>,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessLogResponse> {
    const { more, ...log } = await this.log.accessLog(user, caseId, query);
    const last = log.entries[log.entries.length - 1];
    if (more && last) {
      // Relative to the request, so that it holds behind the web app's /api proxy as well.
      const next = new URLSearchParams({ limit: String(query.limit), after: last.id });
      res.setHeader('Link', `<?${next.toString()}>; rel="next"`);
    }
    return log;
  }
}
