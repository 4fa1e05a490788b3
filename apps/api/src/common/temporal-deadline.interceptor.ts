import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import { Observable, type Subscription } from 'rxjs';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/**
 * Every call a request makes into Temporal shares one deadline (`TEMPORAL_CALL_TIMEOUT_MS` from the
 * request's start): a clinic nurse pressing "Übernehmen und bestätigen" gets an answer — the step,
 * or 503 with Retry-After (problem-details.filter) — never a silent 20-second hang (issue 20). The
 * deadline rides on the client's call context (AsyncLocalStorage), so services need not pass it.
 */
@Injectable()
export class TemporalDeadlineInterceptor implements NestInterceptor {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const deadline = Date.now() + this.config.TEMPORAL_CALL_TIMEOUT_MS;
    return new Observable((subscriber) => {
      let subscription: Subscription | undefined;
      // The handler runs when subscribed: subscribing inside the context carries the deadline into it.
      void this.temporal.connection.withDeadline(
        deadline,
        () =>
          new Promise<void>((settled) => {
            subscription = next.handle().subscribe({
              next: (v) => subscriber.next(v),
              error: (err: unknown) => {
                subscriber.error(err);
                settled();
              },
              complete: () => {
                subscriber.complete();
                settled();
              },
            });
          }),
      );
      return () => subscription?.unsubscribe();
    });
  }
}
