import { apiClient } from './api-client';
import { ApiError } from './api-error';

interface TaskRef {
  caseId: string;
  crisisId: string;
  taskId: string;
}

/** Receipts already sent (or under way) from this tab: each is sent once per task and state. */
const sent = new Map<string, Promise<void>>();

/**
 * The in-app receipt for a task: `delivered` when it reached this client (inbox load, live
 * stream), `seen` when a person opened it. Sent once per task and state; `seen` waits for
 * `delivered`. Failures stay quiet: a passing one (offline, server) is sent again on the next
 * load, one the API refused (closed task, other organisation) is not.
 */
export function sendReceipt(task: TaskRef, state: 'delivered' | 'seen'): Promise<void> {
  const key = `${state}:${task.caseId}/${task.crisisId}/${task.taskId}`;
  const existing = sent.get(key);
  if (existing) return existing;
  const before = state === 'seen' ? sendReceipt(task, 'delivered') : Promise.resolve();
  const pending = before
    .then(() => apiClient.sendDeliveryReceipt(task.caseId, task.crisisId, task.taskId, state))
    .then(
      () => undefined,
      (err: unknown) => {
        const passing = !(err instanceof ApiError) || err.kind === 'network' || err.kind === 'server';
        if (passing) sent.delete(key);
      },
    );
  sent.set(key, pending);
  return pending;
}
