import type { GiveKkgFeedbackRequest, KkgFeedbackLiveState, ReportKkgConcernRequest } from '@hilfenetz/contracts';
import { requestJson } from '../../api/http-request';

const base = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/kkg-reports`;

/** The calls of the § 4 KKG page. Errors are ApiError. */
export const kkgReportsApi = {
  list(caseId: string, signal?: AbortSignal): Promise<{ items: KkgFeedbackLiveState[] }> {
    return requestJson('GET', base(caseId), signal ? { signal } : {});
  },
  report(caseId: string, body: ReportKkgConcernRequest): Promise<KkgFeedbackLiveState> {
    return requestJson('POST', base(caseId), { body });
  },
  giveFeedback(caseId: string, reportId: string, body: GiveKkgFeedbackRequest): Promise<KkgFeedbackLiveState> {
    return requestJson('POST', `${base(caseId)}/${encodeURIComponent(reportId)}/feedback`, { body });
  },
};
