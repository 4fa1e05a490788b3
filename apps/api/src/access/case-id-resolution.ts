import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { caseIdPattern, type Principal } from '@hilfenetz/contracts';
import { caseIdCandidates } from '@hilfenetz/domain';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { from, switchMap, type Observable } from 'rxjs';

/**
 * Which case a path id means for its caller (docs/adr/0024): a scoped id (`<office>.<reference>`)
 * as written; a bare reference is the caller's own office's case, or, when that does not exist,
 * a case registered before the scoping under exactly that id; when neither exists, the caller's
 * own office's case (which only a crisis trigger may open, and only for the caller's office).
 */
export async function resolveCaseId(
  pathId: string,
  callerOrganisationId: string,
  exists: (caseId: string) => Promise<boolean>,
): Promise<string> {
  const [own, ...older] = caseIdCandidates(pathId, callerOrganisationId);
  if (older.length === 0 || (await exists(own))) return own;
  for (const candidate of older) if (await exists(candidate)) return candidate;
  return own;
}

/**
 * Resolves `:caseId` of every route before its handler reads it, in this one place, so each
 * controller, gate and service works with the stored case id only. An id that is not a case id at
 * all is left alone for the route's validation to refuse (400 naming `path.caseId`).
 */
@Injectable()
export class CaseIdResolutionInterceptor implements NestInterceptor {
  constructor(private readonly facts: CaseFactsRepository) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<{ params?: Record<string, string>; user?: Principal }>();
    const pathId = req.params?.caseId;
    if (pathId === undefined || req.user === undefined || !caseIdPattern.test(pathId)) return next.handle();
    const exists = async (caseId: string) => (await this.facts.get(caseId)).version > 0;
    return from(resolveCaseId(pathId, req.user.organisationId, exists)).pipe(
      switchMap((caseId) => {
        req.params!.caseId = caseId;
        return next.handle();
      }),
    );
  }
}
