import { ApplicationError } from '@hilfenetz/contracts';

/** The answer for a crisis that is unknown or belongs to another case. */
export function crisisNotFound(crisisId: string): ApplicationError {
  return new ApplicationError('crisis.not_found', `No crisis ${crisisId} for this case.`, [
    { field: 'path.crisisId', reason: 'unknown crisis' },
  ]);
}
