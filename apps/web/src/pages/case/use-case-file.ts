import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../../api/api-client';
import { ApiError, isPermanent } from '../../api/api-error';

/** The case file; changes to its guardians invalidate `['case', caseId]`. */
export function useCaseFile(caseId: string) {
  return useQuery({
    queryKey: ['case', caseId],
    queryFn: ({ signal }) => apiClient.getCase(caseId, signal),
    retry: (n, err) => !isPermanent(err) && !(err instanceof ApiError && err.kind === 'not_found') && n < 2,
    // Every read is in the access log: read once, again only after a change.
    staleTime: Infinity,
  });
}
