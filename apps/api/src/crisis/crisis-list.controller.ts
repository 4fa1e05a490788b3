import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  crisisListQuery,
  taskHolderRoles,
  type CrisisListQuery,
  type CrisisListResponse,
  type Principal,
} from '@hilfenetz/contracts';
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
  @AllowRoles(...taskHolderRoles)
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
    // The raw listing, not `workflow.list()`: that decodes every run's memo, and one memo this
    // process cannot open (another deployment's key in a shared namespace, a key not configured
    // after a rotation) failed the whole list for everyone. The list needs search attributes
    // only, which are never encrypted.
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await this.temporal.workflowService.listWorkflowExecutions({
        namespace: this.temporal.options.namespace,
        query,
        pageSize: 200,
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      for (const wf of page.executions ?? []) {
        if (crises.length >= 500) break;
        const attr = searchAttributesOf(wf.searchAttributes?.indexedFields);
        crises.push({
          crisisId: wf.execution?.workflowId ?? '',
          caseId: (attr.HilfenetzCaseId?.[0] as string | undefined) ?? null,
          status: (attr.HilfenetzStatus?.[0] as string | undefined) ?? null,
          startedAt: new Date(
            Number(wf.startTime?.seconds ?? 0) * 1000 + Math.floor((wf.startTime?.nanos ?? 0) / 1e6),
          ).toISOString(),
          organisations: ((attr.HilfenetzOrganisations ?? []) as string[]).map((id) => ({
            id,
            name: names.get(id) ?? null,
          })),
        });
      }
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken && crises.length < 500);
    return { organisationId: user.organisationId, organisationName: names.get(user.organisationId) ?? null, crises };
  }
}

/** Search attributes as stored: JSON payloads, a keyword list as an array (a single value as one). */
function searchAttributesOf(fields: Record<string, Payload> | null | undefined): Record<string, unknown[] | undefined> {
  const out: Record<string, unknown[] | undefined> = {};
  for (const [name, payload] of Object.entries(fields ?? {})) {
    const value = defaultPayloadConverter.fromPayload<unknown>(payload);
    out[name] = Array.isArray(value) ? value : [value];
  }
  return out;
}
