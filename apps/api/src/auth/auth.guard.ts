import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal, Role } from '@hilfenetz/contracts';
import { TOKEN_VERIFIER } from '../infrastructure/tokens';
import { ALLOWED_ROLES, PUBLIC_ENDPOINT } from './access.decorators';
import { InvalidToken, type JwksTokenVerifier } from './token-verifier';

/** Global guard: authenticate every request, then authorize by the endpoint's declared roles. Default: deny. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: JwksTokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ENDPOINT, targets)) return true;

    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: Principal; tokenValidUntil?: number }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1]) throw new UnauthorizedException('a bearer token is required');
    try {
      const verified = await this.verifier.verify(match[1]);
      req.user = verified.principal;
      req.tokenValidUntil = verified.validUntil;
    } catch (err) {
      throw new UnauthorizedException(err instanceof InvalidToken ? err.message : 'invalid token');
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? [];
    if (!req.user.roles.some((r) => allowed.includes(r))) {
      throw new ForbiddenException(`your role may not use this endpoint`);
    }
    return true;
  }
}
