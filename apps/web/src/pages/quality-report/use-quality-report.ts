import type { QualityReport } from '@hilfenetz/contracts';
import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../../api/http-request';

export interface ReportPeriod {
  agreementId: string;
  from: string;
  to: string;
}

export const reportQuery = (p: ReportPeriod) =>
  `from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}&agreementId=${encodeURIComponent(p.agreementId)}`;

/** The anonymised report of a period; nothing is asked before an agreement is known. */
export function useQualityReport(period: ReportPeriod | null) {
  return useQuery({
    queryKey: ['quality-report', period],
    queryFn: ({ signal }) => requestJson<QualityReport>('GET', `/quality-reports?${reportQuery(period!)}`, { signal }),
    enabled: period !== null,
    retry: false,
  });
}
