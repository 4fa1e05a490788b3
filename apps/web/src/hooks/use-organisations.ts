import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../api/api-client';

/** The network's organisations (names and roles), one cached list for every page that names or offers them. */
export function useOrganisations(enabled = true) {
  return useQuery({
    queryKey: ['organisations'],
    queryFn: ({ signal }) => apiClient.organisations(signal),
    staleTime: 10 * 60_000,
    enabled,
  });
}
