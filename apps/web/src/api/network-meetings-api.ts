import type {
  ContactConfirmationStatus,
  CreateMeetingSeriesRequest,
  MeetingList,
  MeetingView,
  ScheduleNetworkMeetingRequest,
} from '@hilfenetz/contracts';
import { requestJson } from './http-request';

const seg = encodeURIComponent;
const meetings = (networkId: string) => `/networks/${seg(networkId)}/meetings`;
const meeting = (networkId: string, meetingId: string) => `${meetings(networkId)}/${seg(meetingId)}`;

/** The network's meetings and the contacts' yearly confirmation (issue 17 parts 4 and 2). */
export const meetingsApi = {
  list(networkId: string, signal?: AbortSignal): Promise<MeetingList> {
    return requestJson('GET', meetings(networkId), signal ? { signal } : {});
  },
  view(networkId: string, meetingId: string, signal?: AbortSignal): Promise<MeetingView> {
    return requestJson('GET', meeting(networkId, meetingId), signal ? { signal } : {});
  },
  createSeries(networkId: string, body: CreateMeetingSeriesRequest): Promise<{ seriesId: string }> {
    return requestJson('POST', `/networks/${seg(networkId)}/meeting-series`, { body });
  },
  schedule(networkId: string, body: ScheduleNetworkMeetingRequest): Promise<MeetingView> {
    return requestJson('POST', meetings(networkId), { body });
  },
  propose(networkId: string, meetingId: string, title: string): Promise<{ topicId: string }> {
    return requestJson('POST', `${meeting(networkId, meetingId)}/topics`, { body: { title } });
  },
  vote(networkId: string, meetingId: string, topicId: string): Promise<unknown> {
    return requestJson('POST', `${meeting(networkId, meetingId)}/topics/${seg(topicId)}/votes`);
  },
  setAgenda(networkId: string, meetingId: string, items: { topicId?: string; title: string }[]): Promise<unknown> {
    return requestJson('PUT', `${meeting(networkId, meetingId)}/agenda`, { body: { items } });
  },
  attendance(networkId: string, meetingId: string, presentOrganisationIds: string[]): Promise<unknown> {
    return requestJson('PUT', `${meeting(networkId, meetingId)}/attendance`, { body: { presentOrganisationIds } });
  },
  minuteTaker(networkId: string, meetingId: string, organisationId: string): Promise<unknown> {
    return requestJson('PUT', `${meeting(networkId, meetingId)}/minute-taker`, { body: { organisationId } });
  },
  draftMinutes(networkId: string, meetingId: string, text: string): Promise<unknown> {
    return requestJson('PUT', `${meeting(networkId, meetingId)}/minutes`, { body: { text } });
  },
  approveMinutes(networkId: string, meetingId: string): Promise<unknown> {
    return requestJson('POST', `${meeting(networkId, meetingId)}/minutes/approval`);
  },
  confirmations(networkId: string, signal?: AbortSignal): Promise<ContactConfirmationStatus[]> {
    return requestJson('GET', `/networks/${seg(networkId)}/contact-confirmations`, signal ? { signal } : {});
  },
  confirmContact(networkId: string, organisationId: string): Promise<unknown> {
    return requestJson('POST', `/networks/${seg(networkId)}/partners/${seg(organisationId)}/contact/confirmation`);
  },
};
