import type { RiskAssessmentLiveState } from '@hilfenetz/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, isPermanent } from '../../api/api-error';
import { riskAssessmentApi } from './risk-assessment-api';

/**
 * The case's risk assessments. Every read is in the case's access log: no reads in the
 * background; each step's answer replaces the assessment it changed.
 */
export function useRiskAssessments(caseId: string) {
  const queryClient = useQueryClient();
  const key = ['risk-assessments', caseId];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => riskAssessmentApi.list(caseId, signal),
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (n, err) => !isPermanent(err) && !(err instanceof ApiError && err.kind === 'not_found') && n < 2,
  });
  const replace = (changed: RiskAssessmentLiveState) =>
    queryClient.setQueryData<{ items: RiskAssessmentLiveState[] }>(key, (old) => {
      const others = (old?.items ?? []).filter((a) => a.assessmentId !== changed.assessmentId);
      return { items: [changed, ...others].sort((a, b) => b.startedAt.localeCompare(a.startedAt)) };
    });
  return { query, replace };
}
