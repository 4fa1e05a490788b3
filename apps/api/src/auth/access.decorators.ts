import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from '@hilfenetz/contracts';

export const ALLOWED_ROLES = 'hilfenetz:allowed-roles';
export const PUBLIC_ENDPOINT = 'hilfenetz:public';

/** Who may call an endpoint. An endpoint without @AllowRoles or @PublicEndpoint is denied to everyone. */
export const AllowRoles = (...allowed: Role[]) => SetMetadata(ALLOWED_ROLES, allowed);

/** Only for probes (/health, /ready): they reveal nothing about cases. */
export const PublicEndpoint = () => SetMetadata(PUBLIC_ENDPOINT, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ user?: Principal }>();
  if (!req.user) throw new Error('CurrentUser used on an endpoint without authentication');
  return req.user;
});

/**
 * Until when the caller's token is accepted (epoch ms, skew included): a long-lived response such
 * as an event stream must end there, or it would outlive the authentication it was opened with.
 */
export const TokenValidUntil = createParamDecorator((_: unknown, ctx: ExecutionContext): number => {
  const req = ctx.switchToHttp().getRequest<{ tokenValidUntil?: number }>();
  if (req.tokenValidUntil === undefined) throw new Error('TokenValidUntil used on an endpoint without authentication');
  return req.tokenValidUntil;
});
