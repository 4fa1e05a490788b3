/** A writer's expected stream version was stale: someone else appended first. Maps to HTTP 409. */
export class StreamVersionConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number | 'no_stream',
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, but it is at ${actual}`);
    this.name = 'StreamVersionConflict';
  }
}

/** An event failed the registry's checks; nothing of its batch was appended. Maps to HTTP 422. */
export class InvalidEvent extends Error {
  constructor(
    readonly eventType: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`event ${eventType}: ${field}: ${reason}`);
    this.name = 'InvalidEvent';
  }
}

/** Part of a batch was stored before under the same ids and part not: a caller bug, never retried. */
export class PartialDuplicateBatch extends Error {
  constructor(readonly eventIds: string[]) {
    super(`batch mixes stored and new events: ${eventIds.join(', ')}`);
    this.name = 'PartialDuplicateBatch';
  }
}

/**
 * An append inside a caller's transaction would break the stream's commit order: the transaction
 * took its id before the stream's lock, and a writer with a later id appended to the stream
 * first. Nothing is kept (the caller's transaction must roll back); retrying the transaction is
 * safe. Callers avoid it by calling `lockStream` before their transaction's first write.
 */
export class AppendOrderConflict extends Error {
  constructor(readonly streamId: string) {
    super(
      `stream ${streamId}: this transaction took its id before the stream lock and a later one appended first; ` +
        `retry it, and take lockStream before the first write`,
    );
    this.name = 'AppendOrderConflict';
  }
}
