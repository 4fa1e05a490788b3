import { Controller, Get, Query, Sse, type MessageEvent } from '@nestjs/common';
import { taskInboxQuery, type Principal, type TaskInboxQuery, type TaskInboxResponse } from '@hilfenetz/contracts';
import { interval, map, merge, startWith, type Observable } from 'rxjs';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { InboxChanges } from './inbox-changes';
import { InboxService } from './inbox.service';

const TASK_HOLDERS = [
  'caseworker',
  'on_call',
  'provider_staff',
  'clinic_staff',
  'ambulance_dispatch',
  'supervisor',
] as const;

/** "My inbox": the tasks held by the caller's organisation, and a live stream of changes to it. */
@Controller('tasks')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly changes: InboxChanges,
  ) {}

  @Get()
  @AllowRoles(...TASK_HOLDERS)
  list(
    @Query(new ZodPipe(taskInboxQuery, 'query')) q: TaskInboxQuery,
    @CurrentUser() user: Principal,
  ): Promise<TaskInboxResponse> {
    return this.inbox.forOrganisation(user.organisationId, q);
  }

  /**
   * Server-Sent Events: `inbox-changed` whenever a task of the caller's organisation appears or
   * moves (the client then reloads the list), a `ready` event at once, and a heartbeat comment so
   * proxies keep the connection open. Authenticated like every endpoint (bearer token).
   */
  @Sse('stream')
  @AllowRoles(...TASK_HOLDERS)
  stream(@CurrentUser() user: Principal): Observable<MessageEvent> {
    const org = user.organisationId;
    return merge(
      this.changes.forOrganisation(org).pipe(map(() => ({ type: 'inbox-changed', data: { organisationId: org } }))),
      interval(15_000).pipe(map(() => ({ type: 'heartbeat', data: { at: new Date().toISOString() } }))),
    ).pipe(startWith({ type: 'ready', data: { organisationId: org } }));
  }
}
