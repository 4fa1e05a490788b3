import { ApplicationError } from '@hilfenetz/contracts';
import { ServiceError } from '@temporalio/client';
import { engineUnavailable } from './engine-unavailable';

/** A gRPC error as @grpc/grpc-js raises it: code, details and metadata. */
const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe('engineUnavailable: when Temporal cannot answer, the client may retry', () => {
  it('is a 503 problem for a query no worker answers ("no poller seen" before the deadline)', () => {
    // Seen by the fuzzer: a crisis whose task queue's worker had gone, answered after 7 s as a 500.
    const err = new ServiceError('Failed to query Workflow', {
      cause: grpcError(9, 'no poller seen for task queue recently, worker may be down'),
    });
    const mapped = engineUnavailable(err);
    expect(mapped).toBeInstanceOf(ApplicationError);
    expect(mapped).toMatchObject({ code: 'engine.unavailable', extensions: { retryAfterSeconds: 5 } });
  });

  it('is a 503 for an unreachable server, and nothing for other refusals of the same code', () => {
    expect(engineUnavailable(new ServiceError('x', { cause: grpcError(14, 'connection refused') }))).not.toBeNull();
    expect(engineUnavailable(new ServiceError('x', { cause: grpcError(9, 'workflow already started') }))).toBeNull();
    expect(engineUnavailable(new Error('anything else'))).toBeNull();
  });

  it('is a 503 for an overloaded server (rate limited, or its database call timed out), not for other internal errors', () => {
    expect(
      engineUnavailable(new ServiceError('x', { cause: grpcError(8, 'namespace rate limit exceeded') })),
    ).not.toBeNull();
    expect(
      engineUnavailable(
        new ServiceError('Failed to start Workflow', { cause: grpcError(13, 'context deadline exceeded') }),
      ),
    ).not.toBeNull();
    expect(engineUnavailable(new ServiceError('x', { cause: grpcError(1, 'Call cancelled') }))).not.toBeNull();
    expect(engineUnavailable(new ServiceError('x', { cause: grpcError(13, 'nil pointer dereference') }))).toBeNull();
  });

  it('is a 503 for an Update aborted by a workflow task that failed on the server (it was not applied)', () => {
    const aborted = new ServiceError('Workflow Update failed', {
      cause: grpcError(9, 'Unable to perform workflow execution update due to unexpected workflow task failure.'),
    });
    expect(engineUnavailable(aborted)).toMatchObject({ code: 'engine.unavailable' });
  });
});
