import type { ErrorCode } from './error-codes';

/** Which input a refusal is about (`body.caseId`, `path.taskId`, `header.…`, `state`) and why. */
export interface FieldError {
  field: string;
  reason: string;
}

/**
 * A refusal thrown by a service: a stable code, a detail for people (never personal data), the
 * fields it is about and, where a client can act on it, extension members. It knows nothing of
 * HTTP; the API's exception filter turns it into problem+json (docs/adr/0012).
 */
export class ApplicationError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApplicationError';
  }
}
