import type { InboxTask } from '@hilfenetz/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../api/api-client';
import { ApiError, isPermanent } from '../api/api-error';
import { useLiveStream, type LiveState } from './use-live-stream';

/** The organisation's tasks, one list for every view of the inbox and the task pages. */
export function useInboxTasks() {
  return useQuery({
    queryKey: ['tasks', 'all'],
    queryFn: ({ signal }) => apiClient.listTasks('all', signal),
    // The stream says when to reload; this poll only covers a broken stream.
    refetchInterval: 30_000,
  });
}

/**
 * The inbox's live stream: every change to the organisation's tasks reloads the list and the
 * briefings shown, so a briefing follows the crisis (an ETA reported, a name erased) by itself.
 */
export function useInboxLive(): LiveState {
  const queryClient = useQueryClient();
  return useLiveStream('/tasks/stream', (e) => {
    // `token-expired`: the API ended the stream with the login; reloading shows at once that the
    // user must log in again (the stream itself reconnects with whatever token the session holds).
    if (e.event === 'inbox-changed' || e.event === 'ready' || e.event === 'token-expired') {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['briefing'] });
    }
  });
}

/** Tasks whose crisis may still change: their briefings are worth loading and keeping fresh. */
export const isLiveTask = (task: Pick<InboxTask, 'status'>) =>
  task.status !== 'closed' && task.status !== 'unreachable';

/** A task's briefing (each read is in the case's access log: loaded on view and on change only). */
export function useBriefing(task: Pick<InboxTask, 'caseId' | 'crisisId' | 'taskId'>, enabled: boolean) {
  return useQuery({
    queryKey: ['briefing', task.caseId, task.crisisId, task.taskId],
    queryFn: ({ signal }) => apiClient.getBriefing(task.caseId, task.crisisId, task.taskId, signal),
    enabled,
    retry: (n, err) => !isPermanent(err) && !(err instanceof ApiError && err.kind === 'not_found') && n < 2,
    staleTime: 5_000,
  });
}
