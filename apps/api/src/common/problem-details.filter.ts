import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { ApplicationError, type FieldError } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '@hilfenetz/domain';
import type { Request, Response } from 'express';
import { engineUnavailable } from './engine-unavailable';
import { problemKindOf, problemKindOfCode } from './problems';

export type { FieldError };

/**
 * An HTTP error with the RFC 9457 fields we fill ourselves: for the HTTP layer (middleware, pipes,
 * guards). Services throw `ApplicationError` with a code instead (docs/adr/0012).
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** RFC 9457 extension members: what a client can do about the problem. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ title, detail, errors }, status);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
};

/**
 * Every error leaves the API as application/problem+json (RFC 9457), naming the field and the
 * reason where there is one. A service's `ApplicationError` (and a domain rule's refusal with a
 * known code) gets its status and title from the one table in `problems.ts`. Unexpected errors are logged (without request bodies: they may hold
 * personal data) and answered with a bare 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(raised: unknown, host: ArgumentsHost): void {
    // Temporal past the request's deadline or unreachable: a 503 to retry, not a 500.
    const exception = engineUnavailable(raised) ?? raised;
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let title = 'Internal Server Error';
    let detail = 'An unexpected error occurred.';
    let errors: FieldError[] = [];
    let extensions: Record<string, unknown> = {};

    const refusal = exception instanceof DomainRuleViolation ? problemKindOfCode(exception.code) : null;
    if (exception instanceof ApplicationError) {
      ({ status, title } = problemKindOf(exception.code));
      detail = exception.detail;
      errors = exception.errors;
      extensions = exception.extensions;
    } else if (exception instanceof DomainRuleViolation && refusal) {
      ({ status, title } = refusal);
      detail = exception.message;
    } else if (exception instanceof ProblemException) {
      status = exception.getStatus();
      title = exception.title;
      detail = exception.detail;
      errors = exception.errors;
      extensions = exception.extensions;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      title = TITLES[status] ?? exception.name;
      const body = exception.getResponse();
      detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
    } else {
      this.logger.error(describeUnexpected(exception));
    }
    // A client told to wait (a lockout, a rate limit, an unavailable dependency) learns how long.
    const retryAfter = extensions.retryAfterSeconds;
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter))
      res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
    res
      .status(status)
      .type('application/problem+json')
      .json({
        // Extensions first: they can never shadow the standard members.
        ...extensions,
        type: status >= 500 ? 'about:blank' : `https://hilfenetz.example/problems/${status}`,
        title,
        status,
        detail,
        instance: req.originalUrl,
        ...(errors.length ? { errors } : {}),
      });
  }
}

/**
 * An unexpected error with its causes: a Temporal ServiceError says only "Failed to start
 * Workflow"; the gRPC code and details of its cause are what an operator needs.
 */
function describeUnexpected(exception: unknown): string {
  if (!(exception instanceof Error)) return String(exception);
  const lines = [exception.stack ?? exception.message];
  for (let e: unknown = exception.cause, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const { code, details } = e as Error & { code?: unknown; details?: unknown };
    lines.push(
      `caused by ${e.name}${code === undefined ? '' : ` (code ${String(code)})`}: ${typeof details === 'string' ? details : e.message}`,
    );
  }
  return lines.join('\n');
}
