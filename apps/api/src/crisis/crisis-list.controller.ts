import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { crisisListQuery, type CrisisListQuery, type CrisisListResponse, type Principal } from '@hilfenetz/contracts';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { DirectoryService } from '../directory/directory.service';
import { TEMPORAL_CLIENT } from '../infrastructure/tokens';

const STATUSES: Record<CrisisListQuery['status'], string[] | null> = {
  active: ['triggering', 'open', 'admitted'],
  open: ['triggering', 'open'],
  admitted: ['admitted'],
  closed: ['cancelled', 'not_admitted', 'discharged'],
  all: null,
};

/**
 * The crises the caller's organisation takes part in, from Temporal's visibility store: the
 * workflow keeps `HilfenetzOrganisations` (every organisation that held one of its tasks) and
 * `HilfenetzStatus` up to date. Visibility lags the workflow by about a second.
 */
@Controller('crises')
export class CrisisListController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly directory: DirectoryService,
  ) {}

  @Get()
  @AllowRoles('caseworker', 'on_call', 'provider_staff', 'clinic_staff', 'ambulance_dispatch', 'supervisor')
  async list(
    @Query(new ZodPipe(crisisListQuery, 'query')) q: CrisisListQuery,
    @CurrentUser() user: Principal,
  ): Promise<CrisisListResponse> {
    // Organisation ids come from a verified token and match a strict pattern; quoting is still escaped.
    const org = user.organisationId.replace(/'/g, "''");
    const statuses = STATUSES[q.status];
    const query = [
      `WorkflowType = 'crisisWorkflow'`,
      `HilfenetzOrganisations = '${org}'`,
      ...(statuses ? [`HilfenetzStatus IN (${statuses.map((s) => `'${s}'`).join(', ')})`] : []),
    ].join(' AND ');
    const crises: CrisisListResponse['crises'] = [];
    const { organisations: names } = await this.directory.agreementNames(null);
    for await (const wf of this.temporal.workflow.list({ query, pageSize: 200 })) {
      const attrs = wf.searchAttributes as Record<string, unknown[] | undefined>;
      crises.push({
        crisisId: wf.workflowId,
        caseId: (attrs.HilfenetzCaseId?.[0] as string | undefined) ?? null,
        status: (attrs.HilfenetzStatus?.[0] as string | undefined) ?? null,
        startedAt: wf.startTime.toISOString(),
        organisations: ((attrs.HilfenetzOrganisations ?? []) as string[]).map((id) => ({
          id,
          name: names.get(id) ?? null,
        })),
      });
      if (crises.length >= 500) break;
    }
    return { organisationId: user.organisationId, organisationName: names.get(user.organisationId) ?? null, crises };
  }
}
