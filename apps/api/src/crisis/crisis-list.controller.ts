import { Controller, Get, Query } from '@nestjs/common';
import {
  crisisListQuery,
  crisisListResponseSchema,
  taskHolderRoles,
  type CrisisListQuery,
  type CrisisListResponse,
  type Principal,
} from '@hilfenetz/contracts';
import { CrisisBoardRepository } from '@hilfenetz/read-models';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { DirectoryService } from '../directory/directory.service';
import { DocumentResponse } from '../openapi/response-schema.decorator';

const STATUSES: Record<CrisisListQuery['status'], string[] | null> = {
  active: ['open', 'admitted'],
  open: ['open'],
  admitted: ['admitted'],
  closed: ['cancelled', 'not_admitted', 'discharged'],
  all: null,
};

/** The most crises one answer lists (newest first). */
const LIMIT = 500;

/**
 * The crises the caller's organisation takes part in (it triggered them or held one of their
 * tasks), from the crisis board the projector keeps (docs/adr/0025): one indexed query, no call
 * into Temporal, so the board stays quick while crises are being coordinated. It follows the log
 * by the projector's lag (well under a second).
 */
@Controller('crises')
export class CrisisListController {
  constructor(
    private readonly board: CrisisBoardRepository,
    private readonly directory: DirectoryService,
  ) {}

  @Get()
  @AllowRoles(...taskHolderRoles)
  @DocumentResponse({
    status: 200,
    description:
      'The crises the caller’s organisation takes part in (it triggered them or held one of their tasks) in the ' +
      'status asked for, newest first, at most 500, with the organisations’ names.',
    content: { 'application/json': crisisListResponseSchema },
  })
  async list(
    @Query(new ZodPipe(crisisListQuery, 'query')) q: CrisisListQuery,
    @CurrentUser() user: Principal,
  ): Promise<CrisisListResponse> {
    const [rows, { organisations: names }] = await Promise.all([
      this.board.listFor(user.organisationId, STATUSES[q.status], LIMIT),
      this.directory.agreementNames(null),
    ]);
    return {
      organisationId: user.organisationId,
      organisationName: names.get(user.organisationId) ?? null,
      crises: rows.map((r) => ({
        crisisId: r.crisisId,
        caseId: r.caseId,
        status: r.status,
        startedAt: r.startedAt,
        organisations: r.organisations.map((id) => ({ id, name: names.get(id) ?? null })),
      })),
    };
  }
}
