import { ApplicationFailure } from '@temporalio/workflow';
import { DomainRuleViolation } from '@hilfenetz/domain';

/**
 * A domain refusal thrown inside an Update (validator or handler) must reach the caller with its
 * stable code, and must not fail the workflow task: so it leaves as a non-retryable
 * ApplicationFailure whose type is the code (e.g. `task.wrong_organisation`).
 */
export function asRefusal(err: unknown): unknown {
  if (err instanceof DomainRuleViolation) {
    return ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
  }
  return err;
}

export function refusingWith<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (err) {
      throw asRefusal(err);
    }
  };
}
