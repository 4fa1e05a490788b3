import type {
  CancelCrisisRequest,
  CrisisStatus,
  TimelineResponse,
  TriggerCrisisRequest,
  TriggerCrisisResponse,
} from '@hilfenetz/contracts';
import { requestJson } from './http-request';

const seg = encodeURIComponent;

/** Every API call the web app makes, typed by the shared contracts. Errors are ApiError. */
export const apiClient = {
  /** POST /cases/:caseId/crises. A retry with the same key returns the first crisis. */
  triggerCrisis(caseId: string, body: TriggerCrisisRequest, idempotencyKey: string): Promise<TriggerCrisisResponse> {
    return requestJson('POST', `/cases/${seg(caseId)}/crises`, {
      body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  },

  getCrisisStatus(caseId: string, crisisId: string, signal?: AbortSignal): Promise<CrisisStatus> {
    return requestJson('GET', `/cases/${seg(caseId)}/crises/${seg(crisisId)}`, signal ? { signal } : {});
  },

  cancelCrisis(caseId: string, crisisId: string, body: CancelCrisisRequest): Promise<{ accepted: true }> {
    return requestJson('POST', `/cases/${seg(caseId)}/crises/${seg(crisisId)}/cancel`, { body });
  },

  getTimeline(caseId: string, signal?: AbortSignal): Promise<TimelineResponse> {
    return requestJson('GET', `/cases/${seg(caseId)}/timeline`, signal ? { signal } : {});
  },
};
