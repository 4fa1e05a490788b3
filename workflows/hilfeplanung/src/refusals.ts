import { ApplicationFailure } from '@temporalio/workflow';
import { DomainRuleViolation } from '@hilfenetz/domain';

/** A domain refusal leaves an Update as a non-retryable failure typed with its stable code. */
export function asRefusal(err: unknown): unknown {
  if (err instanceof DomainRuleViolation) {
    return ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
  }
  return err;
}
