import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Principal } from '@hilfenetz/contracts';
import { from, switchMap, type Observable } from 'rxjs';
import { DirectoryService } from './directory.service';

/**
 * Runs after the AuthGuard, so the caller is verified: keeps the people directory's entry for them
 * current before the request is handled (their own actions are then shown by name at once).
 */
@Injectable()
export class DirectoryInterceptor implements NestInterceptor {
  constructor(private readonly directory: DirectoryService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const user = ctx.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (!user) return next.handle();
    return from(this.directory.remember(user)).pipe(switchMap(() => next.handle()));
  }
}
