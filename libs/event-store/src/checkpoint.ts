/**
 * A reader's place in the global log: the writing transaction id and the position. Ordering by
 * the pair, and reading only transactions older than every running one, means a reader never
 * skips an event whose transaction committed after a later-numbered one.
 */
export interface LogCheckpoint {
  transactionId: string;
  globalPosition: string;
}

export const START_OF_LOG: LogCheckpoint = { transactionId: '0', globalPosition: '0' };

/** The checkpoint just after an event: where the next read of the log starts. */
export function checkpointAfter(e: LogCheckpoint): LogCheckpoint {
  return { transactionId: e.transactionId, globalPosition: e.globalPosition };
}
