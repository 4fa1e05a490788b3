import { ApiError } from '../../api/api-error';

/** The API's reasons for one field (e.g. `body.note`), joined for the field's error text. */
export function fieldProblem(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const reasons = error.fieldErrors.filter((e) => e.field === field).map((e) => e.reason);
  return reasons.length > 0 ? `Der Text ${reasons.join('; ')}.` : undefined;
}
