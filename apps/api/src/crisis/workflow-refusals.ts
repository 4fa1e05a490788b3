import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ProblemException } from '../common/problem-details.filter';

/** HTTP status per domain refusal code (the workflow's validators speak these codes). */
const STATUS_BY_CODE: Record<string, number> = {
  'task.wrong_organisation': 403,
  'task.not_permitted': 403,
  'task.unknown': 404,
  'task.not_open': 409,
  'crisis.not_open': 409,
  'crisis.not_admitted': 409,
  'admission.follow_up_required': 422,
};

const TITLES: Record<number, string> = {
  403: 'Not your task',
  404: 'Task not found',
  409: 'Not possible in this state',
  422: 'Unprocessable request',
};

/**
 * Turns a refused workflow Update into a problem: the validator's code decides the status, its
 * message (which names no person) becomes the detail. Anything else is rethrown as is.
 */
export function problemFromWorkflowError(err: unknown, crisisId: string): unknown {
  if (err instanceof WorkflowNotFoundError) {
    return new ProblemException(404, 'Crisis not found', `No crisis ${crisisId}.`);
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type ?? '';
    const status = STATUS_BY_CODE[code];
    if (status)
      return new ProblemException(status, TITLES[status]!, err.cause.message, [{ field: 'state', reason: code }]);
  }
  return err;
}
