import type { FieldProblem, ProblemDetails } from './problem-details';

/**
 * What went wrong with an API call, sorted by what the user can do about it:
 * - `network`: the server was not reached (offline, API down, proxy error),
 * - `unauthorized`: no valid login (401), log in again,
 * - `forbidden`: the role may not do this (403),
 * - `invalid`: the input was refused (400/422), see `fieldErrors`,
 * - `not_found`, `conflict`: the thing is missing or in another state,
 * - `server`: the server failed (5xx).
 */
export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'invalid' | 'not_found' | 'conflict' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    readonly problem: ProblemDetails | null = null,
  ) {
    super(
      problem ? `${status ?? ''} ${problem.title}: ${problem.detail ?? ''}` : `${kind} (${status ?? 'no response'})`,
    );
    this.name = 'ApiError';
  }

  /** Someone outside the lead organisation may read this case by stating a reason (403 + breakGlass). */
  get breakGlassPossible(): boolean {
    return this.kind === 'forbidden' && this.problem?.breakGlass?.possible === true;
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem?.errors ?? [];
  }

  static fromStatus(status: number, problem: ProblemDetails | null): ApiError {
    if (status === 401) return new ApiError('unauthorized', status, problem);
    if (status === 403) return new ApiError('forbidden', status, problem);
    if (status === 404) return new ApiError('not_found', status, problem);
    if (status === 409) return new ApiError('conflict', status, problem);
    if (status >= 400 && status < 500) return new ApiError('invalid', status, problem);
    // A 5xx without a problem body did not come from the API (the proxy could not reach it).
    return new ApiError(problem ? 'server' : 'network', status, problem);
  }
}

/** Failures that asking again will not fix (login, role, input): polling stops on them. */
export const isPermanent = (err: unknown): boolean =>
  err instanceof ApiError && (err.kind === 'unauthorized' || err.kind === 'forbidden' || err.kind === 'invalid');
