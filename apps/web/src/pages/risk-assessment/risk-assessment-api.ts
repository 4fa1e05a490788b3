import type {
  ConsultSpecialistRequest,
  DecideRiskAssessmentRequest,
  RecordFamilyInvolvementRequest,
  RecordJointAssessmentRequest,
  RiskAssessmentDetail,
  RiskAssessmentLiveState,
  StartRiskAssessmentRequest,
} from '@hilfenetz/contracts';
import { requestJson } from '../../api/http-request';

const seg = encodeURIComponent;
const base = (caseId: string) => `/cases/${seg(caseId)}/risk-assessments`;
const one = (caseId: string, assessmentId: string) => `${base(caseId)}/${seg(assessmentId)}`;

/** The calls of the §8a page (POST/GET /cases/:caseId/risk-assessments…). Errors are ApiError. */
export const riskAssessmentApi = {
  list(caseId: string, signal?: AbortSignal): Promise<{ items: RiskAssessmentLiveState[] }> {
    return requestJson('GET', base(caseId), signal ? { signal } : {});
  },
  detail(caseId: string, id: string, signal?: AbortSignal): Promise<RiskAssessmentDetail> {
    return requestJson('GET', one(caseId, id), signal ? { signal } : {});
  },
  start(caseId: string, body: StartRiskAssessmentRequest): Promise<RiskAssessmentLiveState> {
    return requestJson('POST', base(caseId), { body });
  },
  consultSpecialist(caseId: string, id: string, body: ConsultSpecialistRequest): Promise<RiskAssessmentLiveState> {
    return requestJson('POST', `${one(caseId, id)}/specialist`, { body });
  },
  recordJointAssessment(
    caseId: string,
    id: string,
    body: RecordJointAssessmentRequest,
  ): Promise<RiskAssessmentLiveState> {
    return requestJson('POST', `${one(caseId, id)}/joint-assessment`, { body });
  },
  recordFamilyInvolvement(
    caseId: string,
    id: string,
    body: RecordFamilyInvolvementRequest,
  ): Promise<RiskAssessmentLiveState> {
    return requestJson('POST', `${one(caseId, id)}/family-involvement`, { body });
  },
  decide(caseId: string, id: string, body: DecideRiskAssessmentRequest): Promise<RiskAssessmentLiveState> {
    return requestJson('POST', `${one(caseId, id)}/decision`, { body });
  },
  recordReview(caseId: string, id: string, note: string): Promise<RiskAssessmentLiveState> {
    return requestJson('POST', `${one(caseId, id)}/review`, { body: { note } });
  },
};
