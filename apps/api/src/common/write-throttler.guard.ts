import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Principal } from '@hilfenetz/contracts';
import { ProblemException } from './problem-details.filter';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Limits writes per person, not per address: a Jugendamt's staff sit behind one NAT, and a
 * stolen token must not write faster from many addresses. Runs after the AuthGuard (registered
 * later), so the caller is known; reads and unauthenticated probes are never limited.
 */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ method: string; user?: Principal }>();
    return READS.has(req.method) || !req.user;
  }

  protected override async getTracker(req: { user?: Principal }): Promise<string> {
    return `user:${req.user!.id}`;
  }

  protected override async throwThrottlingException(
    _ctx: ExecutionContext,
    limit: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new ProblemException(
      429,
      'Too Many Requests',
      `At most ${limit.limit} writes per ${Math.round(limit.ttl / 1000)} s per user. ` +
        `Try again in ${limit.timeToBlockExpire} s; nothing was written.`,
    );
  }
}
