import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

const VALID = /^[A-Za-z0-9._-]{8,128}$/;

/** Takes the caller's X-Correlation-Id when it is well-formed, otherwise makes one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && VALID.test(value) ? value : randomUUID();
}

/**
 * The request's correlation id as the request log and the X-Correlation-Id response header carry
 * it, so events and access records can be traced back to the log line of the request.
 */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<{ id?: unknown; headers: Record<string, string | string[] | undefined> }>();
  return typeof req.id === 'string' ? req.id : correlationIdFrom(req.headers['x-correlation-id']);
});
