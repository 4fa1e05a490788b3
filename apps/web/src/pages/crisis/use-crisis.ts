import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../../api/api-client';
import { ApiError, isPermanent } from '../../api/api-error';
import { FINAL_PHASES } from '../../i18n/crisis-terms';

const POLL_MS = 2_000;

/** One crisis's board, polled every two seconds until the crisis is over or the read is refused. */
export function useCrisis(caseId: string, crisisId: string) {
  return useQuery({
    queryKey: ['crisis', caseId, crisisId],
    queryFn: ({ signal }) => apiClient.getCrisis(caseId, crisisId, signal),
    refetchInterval: (q) => {
      const d = q.state.data;
      if (d && FINAL_PHASES.has(d.status)) return false;
      if (q.state.error && isPermanent(q.state.error)) return false;
      return POLL_MS;
    },
    retry: (n, err) => !isPermanent(err) && !(err instanceof ApiError && err.kind === 'not_found') && n < 2,
  });
}
