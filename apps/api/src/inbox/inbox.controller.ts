import { Controller, Get, Inject, Query, Sse, SseSignal, type MessageEvent } from '@nestjs/common';
import type { AppConfig } from '@hilfenetz/config';
import {
  taskHolderRoles,
  taskInboxQuery,
  taskInboxResponseSchema,
  type Principal,
  type TaskInboxQuery,
  type TaskInboxResponse,
} from '@hilfenetz/contracts';
import { interval, map, merge, startWith, takeWhile, timer, type Observable } from 'rxjs';
import { z } from 'zod';
import { AllowRoles, CurrentUser, TokenValidUntil } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { APP_CONFIG } from '../infrastructure/tokens';
import { InboxChanges } from './inbox-changes';
import { InboxService } from './inbox.service';
import { StreamSlots } from './stream-slots';

/** The last event of a stream whose token expired: the client reconnects with a fresh token. */
export const TOKEN_EXPIRED_EVENT = 'token-expired';
/** setTimeout's limit; a stream that would outlive it ends early and is reopened, which is harmless. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** GET /tasks/stream as the OpenAPI document describes it: a text/event-stream, not JSON. */
export const taskStreamSchema = z
  .string()
  .describe(
    'Server-Sent Events, each with `event`, `id` (counting from 1) and one JSON `data` line: ' +
      '`ready` {organisationId} at once; `inbox-changed` {organisationId} when a task of the caller’s organisation ' +
      'appears or moves (reload GET /tasks); `heartbeat` {at: ISO instant} every 15 s; ' +
      '`token-expired` {reason: "token_expired"} when the bearer token expires, after which the stream ends.',
  );

/** "My inbox": the tasks held by the caller's organisation, and a live stream of changes to it. */
@Controller('tasks')
export class InboxController {
  private readonly slots: StreamSlots;

  constructor(
    private readonly inbox: InboxService,
    private readonly changes: InboxChanges,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.slots = new StreamSlots(config.API_MAX_STREAMS_PER_USER);
  }

  @Get()
  @AllowRoles(...taskHolderRoles)
  @DocumentResponse({
    status: 200,
    description:
      'The tasks of the caller’s organisation that are meant for the caller’s roles: crisis tasks, and (by `kind`) break-glass reviews for the supervisor, due §8a steps and their escalations, the §4 KKG feedback duty and the reporter’s copy of the answer.',
    content: { 'application/json': taskInboxResponseSchema },
  })
  list(
    @Query(new ZodPipe(taskInboxQuery, 'query')) q: TaskInboxQuery,
    @CurrentUser() user: Principal,
  ): Promise<TaskInboxResponse> {
    return this.inbox.forUser(user, q);
  }

  /**
   * Server-Sent Events: `inbox-changed` whenever a task of the caller's organisation appears or
   * moves (the client then reloads the list), a `ready` event at once, and a `heartbeat` event every
   * 15 s so proxies keep the connection open. Authenticated like every endpoint (bearer token), and only
   * as long as that token is: when it expires the stream sends `token-expired` and ends, so that
   * a stream never outlives the login it was opened with. A user holds a bounded number of
   * streams (API_MAX_STREAMS_PER_USER); the next one is refused with 429.
   */
  @Sse('stream')
  @AllowRoles(...taskHolderRoles)
  @DocumentResponse({
    status: 200,
    description:
      'A live stream of changes to the caller’s inbox: `ready`, then `inbox-changed` and `heartbeat` events, and `token-expired` when the token expires, after which the stream ends.',
    content: { 'text/event-stream': taskStreamSchema },
  })
  stream(
    @CurrentUser() user: Principal,
    @TokenValidUntil() validUntil: number,
    @SseSignal() ended: AbortSignal,
  ): Observable<MessageEvent> {
    this.slots.take(user.id, ended);
    const org = user.organisationId;
    const expired = timer(Math.min(MAX_TIMER_MS, Math.max(0, validUntil - Date.now()))).pipe(
      map((): MessageEvent => ({ type: TOKEN_EXPIRED_EVENT, data: { reason: 'token_expired' } })),
    );
    return merge(
      this.changes.forOrganisation(org).pipe(map(() => ({ type: 'inbox-changed', data: { organisationId: org } }))),
      interval(15_000).pipe(map(() => ({ type: 'heartbeat', data: { at: new Date().toISOString() } }))),
      expired,
    ).pipe(
      startWith({ type: 'ready', data: { organisationId: org } }),
      // Inclusive: the expiry event is sent, then the stream completes and Nest ends the response.
      takeWhile((e) => e.type !== TOKEN_EXPIRED_EVENT, true),
    );
  }
}
