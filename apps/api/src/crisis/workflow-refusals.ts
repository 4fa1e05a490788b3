import { ApplicationError, isCrisisRefusalCode } from '@hilfenetz/contracts';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

/**
 * Turns a refused workflow Update into an application error: the validator's code (one of
 * `crisisRefusalCodes`) travels on, its message (which names no person) becomes the detail; the
 * exception filter maps the code to HTTP. Anything else is returned as is, to be rethrown.
 */
export function problemFromWorkflowError(err: unknown, crisisId: string): unknown {
  if (err instanceof WorkflowNotFoundError) {
    return new ApplicationError('crisis.not_found', `No crisis ${crisisId}.`);
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type;
    if (code === 'task.unknown_reason_category') {
      // The input, not the crisis's state: named as the field the request carried it in.
      return new ApplicationError(code, err.cause.message, [
        { field: 'body.reasonCategory', reason: 'must be one of the agreement’s decline reason categories' },
      ]);
    }
    if (isCrisisRefusalCode(code)) {
      return new ApplicationError(code, err.cause.message, [{ field: 'state', reason: code }]);
    }
  }
  return err;
}
