import { ApplicationError } from '@hilfenetz/contracts';
import { isGrpcDeadlineError, isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** gRPC's status code UNAVAILABLE (the server cannot be reached). */
const GRPC_UNAVAILABLE = 14;
/** gRPC's FAILED_PRECONDITION: what a query gets when no worker polls its task queue. */
const GRPC_FAILED_PRECONDITION = 9;

/** How long a client should wait before trying again when Temporal did not answer in time. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Temporal did not answer within the request's deadline (TemporalDeadlineInterceptor) or cannot be
 * reached: a 503 the client may retry, instead of a 500 or a hang. Anything else: null.
 */
export function engineUnavailable(err: unknown): ApplicationError | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const unreachable = isGrpcServiceError(e) && e.code === GRPC_UNAVAILABLE;
    // Temporal holds a query until a worker answers it or the call's deadline nears, then answers
    // "no poller seen for task queue recently": the engine cannot answer now, as with a timeout.
    const noWorker =
      isGrpcServiceError(e) && e.code === GRPC_FAILED_PRECONDITION && /no poller seen/i.test(e.details ?? '');
    const timedOut =
      e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(e) || unreachable || noWorker;
    if (timedOut) {
      return new ApplicationError(
        'engine.unavailable',
        'The workflow engine did not answer in time. Try again shortly: repeating the request is safe (the same step is recorded once).',
        [],
        { retryAfterSeconds: RETRY_AFTER_SECONDS },
      );
    }
  }
  return null;
}
