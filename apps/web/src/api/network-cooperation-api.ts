import type {
  AskConsultationRequest,
  ConsultationList,
  ReferralDecision,
  ReferralLists,
  SendReferralRequest,
} from '@hilfenetz/contracts';
import { requestJson } from './http-request';

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
  eraseReferral(networkId: string, referralId: string): Promise<unknown> {
    return requestJson('POST', `${net(networkId)}/referrals/${seg(referralId)}/erasure`);
  },
};
