import type { CrisisLiveState } from '@hilfenetz/contracts';
import type { InAppReachRow } from './in-app-reach.repository';

/**
 * The crisis's live state with the in-app receipts the API recorded in the log (docs/adr/0046).
 * The workflow learns of such a receipt only when the attempt's window ends, so until then its
 * query says "trying in-app"; the board must say "zugestellt" (and "gesehen") as soon as the
 * receipt is recorded. Only receipts of the contact the workflow is trying now count.
 */
export function withRecordedReceipts(state: CrisisLiveState, rows: InAppReachRow[]): CrisisLiveState {
  const byTask = new Map(rows.filter((r) => r.receiptInLog).map((r) => [r.taskId, r]));
  if (byTask.size === 0) return state;
  return {
    ...state,
    tasks: state.tasks.map((task) => {
      const row = byTask.get(task.taskId);
      const delivery = task.delivery;
      if (!row || !delivery || delivery.contactId !== row.contactId) return task;
      const deliveredNow = delivery.state === 'trying' && delivery.channel === 'in_app' && row.deliveredAt !== null;
      return {
        ...task,
        delivery: {
          ...delivery,
          ...(deliveredNow ? { state: 'delivered' as const, since: row.deliveredAt! } : {}),
          seen: delivery.seen || row.seen,
        },
      };
    }),
  };
}
