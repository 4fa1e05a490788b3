import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { AppConfig } from '@hilfenetz/config';
import { ApplicationError, type Principal } from '@hilfenetz/contracts';
import { defer, finalize, from, mergeMap, type Observable } from 'rxjs';
import { APP_CONFIG } from '../infrastructure/tokens';
import { Admission } from './admission';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** When a turned-away client should come back. */
const RETRY_AFTER_SECONDS = 5;

/**
 * At most API_MAX_CONCURRENT_WRITES writes of signed-in users run in this instance at once; the
 * next wait up to API_WRITE_QUEUE_MS and are then answered 503 with Retry-After, nothing done
 * (issue 15: 20 crises a second offered to a shape that starts about five took 20–30 s per
 * request and let almost none through, every trigger holding a pooled connection across its call
 * into Temporal). Reads are not held back: the boards must stay readable while writes queue.
 */
@Injectable()
export class WriteAdmissionInterceptor implements NestInterceptor {
  private readonly admission: Admission;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.admission = new Admission(config.API_MAX_CONCURRENT_WRITES, config.API_WRITE_QUEUE_MS);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<{ method: string; user?: Principal }>();
    if (READS.has(req.method) || !req.user) return next.handle();
    return defer(() => from(this.admission.acquire())).pipe(
      mergeMap((release) => {
        if (!release) {
          throw new ApplicationError(
            'server.busy',
            'Too many requests are being processed right now; nothing was done. Try again shortly: repeating the request is safe.',
            [],
            { retryAfterSeconds: RETRY_AFTER_SECONDS },
          );
        }
        return next.handle().pipe(finalize(release));
      }),
    );
  }
}
