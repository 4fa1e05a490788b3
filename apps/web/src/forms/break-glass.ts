import { ApiError } from '../api/api-error';
import { mapFieldErrors } from './map-field-errors';

/**
 * Whether a failed read asks for a break-glass reason: the API's 403 for a case led elsewhere, or
 * its 400 for a reason it refused (then `refused` says why, in German).
 */
export function breakGlassNeeded(error: unknown): { minLength: number; refused?: string } | null {
  if (!(error instanceof ApiError)) return null;
  if (error.breakGlassPossible) return { minLength: error.problem?.breakGlass?.minLength ?? 10 };
  const refused = mapFieldErrors(error, { 'header.x-break-glass-reason': 'reason' as const }).byField.reason;
  return refused ? { minLength: 10, refused } : null;
}
