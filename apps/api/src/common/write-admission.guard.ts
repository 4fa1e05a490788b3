import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApplicationError, type Principal } from '@hilfenetz/contracts';
import { Admission } from './admission';

/** The instance's one Admission: the guard takes places from it, the metrics read it. */
export const WRITE_ADMISSION = Symbol('WRITE_ADMISSION');

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** When a turned-away client should come back. */
const RETRY_AFTER_SECONDS = 5;

interface EndingResponse {
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * At most API_MAX_CONCURRENT_WRITES writes of signed-in users run in this instance at once; the
 * next wait up to API_WRITE_QUEUE_MS and are then answered 503 with Retry-After, nothing done
 * (issue 15: 20 crises a second offered to a shape that starts about five took 20–30 s per
 * request and let almost none through, every trigger holding a pooled connection across its call
 * into Temporal). Reads are not held back: the boards must stay readable while writes queue.
 *
 * A guard, registered right after the AuthGuard and before the per-user write limit: a write
 * turned away here has not used one of the person's writes for the window (their retry would
 * otherwise count twice), nor a database round trip to count it. The place is held until the
 * response has ended.
 */
@Injectable()
export class WriteAdmissionGuard implements CanActivate {
  constructor(@Inject(WRITE_ADMISSION) private readonly admission: Admission) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const http = ctx.switchToHttp();
    const req = http.getRequest<{ method: string; user?: Principal }>();
    if (READS.has(req.method) || !req.user) return true;
    // Listening before waiting: a client that gives up while queued still frees the place it gets.
    let ended = false;
    let release: (() => void) | null = null;
    const onEnd = () => {
      ended = true;
      release?.();
    };
    const res = http.getResponse<EndingResponse>();
    res.once('finish', onEnd);
    res.once('close', onEnd);
    release = await this.admission.acquire();
    if (release && ended) release(); // gone while waiting: nobody to do the work for
    if (!release || ended) {
      throw new ApplicationError(
        'server.busy',
        'Too many requests are being processed right now; nothing was done. Try again shortly: repeating the request is safe.',
        [],
        { retryAfterSeconds: RETRY_AFTER_SECONDS },
      );
    }
    return true;
  }
}
