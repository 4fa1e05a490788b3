import { ApplicationError } from '@hilfenetz/contracts';
import { isGrpcDeadlineError, isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** gRPC's status code UNAVAILABLE (the server cannot be reached). */
const GRPC_UNAVAILABLE = 14;
/** gRPC's FAILED_PRECONDITION: what a query gets when no worker polls its task queue. */
const GRPC_FAILED_PRECONDITION = 9;
/** gRPC's CANCELLED: a call the channel gave up (seen as "Call cancelled" under overload). */
const GRPC_CANCELLED = 1;
/** gRPC's RESOURCE_EXHAUSTED: the server's rate limits or an overloaded persistence. */
const GRPC_RESOURCE_EXHAUSTED = 8;
/** gRPC's INTERNAL: what the frontend answers when its own database call timed out (below). */
const GRPC_INTERNAL = 13;

/** How long a client should wait before trying again when Temporal did not answer in time. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Temporal aborted an Update because the workflow task carrying it failed on the server (the
 * task's commands were refused, so the Update was not applied): gRPC FAILED_PRECONDITION,
 * WorkflowNotReady. Transient; UpdateRetryInterceptor sends such an Update again.
 */
export function isWorkflowTaskFailedDuringUpdate(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (
      isGrpcServiceError(e) &&
      e.code === GRPC_FAILED_PRECONDITION &&
      /unexpected workflow task failure/i.test(e.details ?? '')
    ) {
      return true;
    }
  }
  return false;
}

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
    // Seen in the cluster shape at 20 crises/s on two cores: the server's own Postgres calls passed
    // their deadline and a start came back INTERNAL "context deadline exceeded", or the channel
    // cancelled it ("Call cancelled"). Transient: a repeat of the same request is safe (a start
    // that did happen is found by its id).
    const overloaded =
      isGrpcServiceError(e) &&
      (e.code === GRPC_RESOURCE_EXHAUSTED ||
        e.code === GRPC_CANCELLED ||
        (e.code === GRPC_INTERNAL && /context deadline exceeded|context canceled/i.test(e.details ?? '')));
    const timedOut =
      e instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      isWorkflowTaskFailedDuringUpdate(e) ||
      isGrpcDeadlineError(e) ||
      unreachable ||
      noWorker ||
      overloaded;
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
