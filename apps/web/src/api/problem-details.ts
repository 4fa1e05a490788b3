/** An RFC 9457 problem as the API sends it (application/problem+json). */
export interface FieldProblem {
  /** Where: `body.dangerKind`, `path.caseId`, `header.idempotency-key`, … */
  field: string;
  reason: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  /** Present on a 403 for a case led elsewhere: a stated reason opens it (logged, reviewed). */
  breakGlass?: { possible: boolean; minLength: number };
  /** Present on a 429: seconds until asking again can succeed. */
  retryAfterSeconds?: number;
}

export function asProblemDetails(value: unknown): ProblemDetails | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.status !== 'number' || typeof v.title !== 'string') return null;
  const errors = Array.isArray(v.errors)
    ? v.errors.filter(
        (e): e is FieldProblem =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as FieldProblem).field === 'string' &&
          typeof (e as FieldProblem).reason === 'string',
      )
    : undefined;
  return {
    type: typeof v.type === 'string' ? v.type : 'about:blank',
    title: v.title,
    status: v.status,
    ...(typeof v.detail === 'string' ? { detail: v.detail } : {}),
    ...(typeof v.instance === 'string' ? { instance: v.instance } : {}),
    ...(errors ? { errors } : {}),
    ...breakGlassOf(v.breakGlass),
    ...(typeof v.retryAfterSeconds === 'number' ? { retryAfterSeconds: v.retryAfterSeconds } : {}),
  };
}

function breakGlassOf(value: unknown): Pick<ProblemDetails, 'breakGlass'> {
  if (typeof value !== 'object' || value === null) return {};
  const b = value as Record<string, unknown>;
  if (b.possible !== true) return {};
  return { breakGlass: { possible: true, minLength: typeof b.minLength === 'number' ? b.minLength : 10 } };
}
