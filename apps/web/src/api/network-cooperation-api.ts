import type {
  AnnualGoalList,
  AskConsultationRequest,
  NetworkWeaknessRegister,
  ProposeNetworkWeaknessRequest,
  SetAnnualGoalRequest,
  WeaknessStatus,
  GoalStatus,
  ConsultationList,
  ReferralAccessLog,
  ReferralDecision,
  ReferralLists,
  SendReferralRequest,
} from '@hilfenetz/contracts';
import { requestBlob, requestJson } from './http-request';

const seg = encodeURIComponent;
const net = (networkId: string) => `/networks/${seg(networkId)}`;

/** The network's daily cooperation (issue 17 parts 5–7): consultations, referrals, register. */
export const cooperationApi = {
  consultations(networkId: string, signal?: AbortSignal): Promise<ConsultationList> {
    return requestJson('GET', `${net(networkId)}/consultations`, signal ? { signal } : {});
  },
  ask(networkId: string, body: AskConsultationRequest): Promise<{ consultationId: string }> {
    return requestJson('POST', `${net(networkId)}/consultations`, { body });
  },
  answer(networkId: string, consultationId: string, answer: string): Promise<{ answerId: string }> {
    return requestJson('POST', `${net(networkId)}/consultations/${seg(consultationId)}/answers`, { body: { answer } });
  },
  markCaseExample(networkId: string, consultationId: string, caseExample: boolean): Promise<unknown> {
    return requestJson('PUT', `${net(networkId)}/consultations/${seg(consultationId)}/case-example`, {
      body: { caseExample },
    });
  },
  referrals(networkId: string, signal?: AbortSignal): Promise<ReferralLists> {
    return requestJson('GET', `${net(networkId)}/referrals`, signal ? { signal } : {});
  },
  refer(networkId: string, body: SendReferralRequest): Promise<{ referralId: string }> {
    return requestJson('POST', `${net(networkId)}/referrals`, { body });
  },
  decide(networkId: string, referralId: string, decision: ReferralDecision): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/referrals/${seg(referralId)}/decision`, { body: { decision } });
  },
  referralAccessLog(networkId: string, referralId: string, signal?: AbortSignal): Promise<ReferralAccessLog> {
    return requestJson('GET', `${net(networkId)}/referrals/${seg(referralId)}/access-log`, signal ? { signal } : {});
  },
  eraseReferral(networkId: string, referralId: string): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/referrals/${seg(referralId)}/erasure`);
  },
  register(networkId: string, signal?: AbortSignal): Promise<NetworkWeaknessRegister> {
    return requestJson('GET', `${net(networkId)}/weakness-register`, signal ? { signal } : {});
  },
  recordWeakness(networkId: string, body: { what: string; where: string; example: string }): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/weakness-register`, { body });
  },
  groupWeaknesses(networkId: string, weaknessIds: string[], group: string): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/weakness-register/grouping`, { body: { weaknessIds, group } });
  },
  proposeWeakness(networkId: string, weaknessId: string, body: ProposeNetworkWeaknessRequest): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/weakness-register/${seg(weaknessId)}/proposal`, { body });
  },
  weaknessStatus(networkId: string, weaknessId: string, status: WeaknessStatus): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/weakness-register/${seg(weaknessId)}/status`, { body: { status } });
  },
  goals(networkId: string, signal?: AbortSignal): Promise<AnnualGoalList> {
    return requestJson('GET', `${net(networkId)}/annual-goals`, signal ? { signal } : {});
  },
  setGoal(networkId: string, body: SetAnnualGoalRequest): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/annual-goals`, { body });
  },
  goalStatus(networkId: string, goalId: string, status: GoalStatus): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/annual-goals/${seg(goalId)}/status`, { body: { status } });
  },
  annualReport(networkId: string, year: number): Promise<Blob> {
    return requestBlob(`${net(networkId)}/annual-report?year=${year}`);
  },
};
