import { ApplicationError } from '@hilfenetz/contracts';

/**
 * The answer for a case the caller may not know of: the same for an unknown case and for another
 * office's case the caller may not read or write, so that no answer tells that a case exists.
 */
export function caseNotFound(caseId: string): never {
  throw new ApplicationError('case.not_found', `No case ${caseId} is known.`, [
    { field: 'path.caseId', reason: 'unknown case' },
  ]);
}
