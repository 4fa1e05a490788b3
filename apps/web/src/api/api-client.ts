import type {
  AccessLogResponse,
  CaseView,
  CrisisBoardView,
  GuardianConfirmationResponse,
  GuardianDetails,
  GuardianView,
  RegisterCaseRequest,
  ReportAmbulanceDispatchRequest,
  TaskBriefing,
  TaskDeliveryReceiptRequest,
  AcknowledgeTaskResult,
  AnnounceDischargeRequest,
  CancelCrisisRequest,
  CrisisStepResult,
  DecideAdmissionRequest,
  DeclineTaskRequest,
  DeclineTaskResult,
  HilfeplanungLiveState,
  MeetingNotifyRequest,
  OrganisationList,
  PlanningParty,
  PlanView,
  RecordPlanRequest,
  TaskInboxResponse,
  TimelinePage,
  TriggerCrisisRequest,
  TriggerCrisisResponse,
} from '@hilfenetz/contracts';
import { breakGlassHeader, requestBlob, requestJson, requestPublicJson } from './http-request';

const seg = encodeURIComponent;
const opt = (signal?: AbortSignal) => (signal ? { signal } : {});
/** A read of a case led elsewhere: the stated break-glass reason goes along (logged, reviewed). */
const read = (signal?: AbortSignal, breakGlassReason?: string | null) => ({
  ...opt(signal),
  headers: breakGlassHeader(breakGlassReason),
});

/** The inbox filters the page offers: the open tasks, or all of them. */
export type InboxFilter = 'open' | 'all';

/** Timeline filters as the API takes them (all optional). */
export interface TimelineFilters {
  type?: string;
  party?: string;
  from?: string;
  to?: string;
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

const crisisPath = (caseId: string, crisisId: string) => `/cases/${seg(caseId)}/crises/${seg(crisisId)}`;
const taskPath = (caseId: string, crisisId: string, taskId: string) =>
  `${crisisPath(caseId, crisisId)}/tasks/${seg(taskId)}`;

/** The paths of the actions that also work offline (src/offline/send-or-keep.ts sends them). */
export const actionPaths = {
  crisis: crisisPath,
  task: taskPath,
  triggerCrisis: (caseId: string) => `/cases/${seg(caseId)}/crises`,
  hilfeplanung: (caseId: string) => `/cases/${seg(caseId)}/hilfeplanung`,
};

/** Every API call the web app makes, typed by the shared contracts. Errors are ApiError. */
export const apiClient = {
  /** POST /cases/:caseId/crises. A retry with the same key returns the first crisis. */
  triggerCrisis(caseId: string, body: TriggerCrisisRequest, idempotencyKey: string): Promise<TriggerCrisisResponse> {
    return requestJson('POST', `/cases/${seg(caseId)}/crises`, {
      body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  },

  /** Registers a case: pseudonymous reference, the young person (sealed), Träger and guardians. */
  registerCase(body: RegisterCaseRequest): Promise<CaseView> {
    return requestJson('POST', '/cases', { body });
  },

  /** The case file (a read of case data: written to the case's access log). */
  getCase(caseId: string, signal?: AbortSignal): Promise<CaseView> {
    return requestJson('GET', `/cases/${seg(caseId)}`, opt(signal));
  },

  addGuardian(caseId: string, body: GuardianDetails): Promise<GuardianView> {
    return requestJson('POST', `/cases/${seg(caseId)}/guardians`, { body });
  },

  changeGuardian(caseId: string, guardianId: string, body: GuardianDetails): Promise<GuardianView> {
    return requestJson('PUT', `/cases/${seg(caseId)}/guardians/${seg(guardianId)}`, { body });
  },

  removeGuardian(caseId: string, guardianId: string): Promise<void> {
    return requestJson('DELETE', `/cases/${seg(caseId)}/guardians/${seg(guardianId)}`);
  },

  /** What the holder of one task needs to act: only the fields the agreement grants its party. */
  getBriefing(caseId: string, crisisId: string, taskId: string, signal?: AbortSignal): Promise<TaskBriefing> {
    return requestJson('GET', `${taskPath(caseId, crisisId, taskId)}/briefing`, opt(signal));
  },

  /** The in-app receipt: the task reached this client (`delivered`) or a person opened it (`seen`). */
  sendDeliveryReceipt(
    caseId: string,
    crisisId: string,
    taskId: string,
    state: TaskDeliveryReceiptRequest['state'],
  ): Promise<unknown> {
    return requestJson('POST', `${taskPath(caseId, crisisId, taskId)}/delivery`, { body: { state } });
  },

  /** The Leitstelle's operation number and, once known, the minutes until the ambulance arrives. */
  reportAmbulanceDispatch(
    caseId: string,
    crisisId: string,
    body: ReportAmbulanceDispatchRequest,
  ): Promise<CrisisStepResult> {
    return requestJson('POST', `${crisisPath(caseId, crisisId)}/ambulance-dispatch`, { body });
  },

  /** The guardian's one-time code from the SMS; public, no login. */
  confirmGuardian(code: string): Promise<GuardianConfirmationResponse> {
    return requestPublicJson('POST', '/public/guardian-confirmations', { body: { code } });
  },

  /** The live state of a crisis: phase, each party's task, and where and what (opened for the caller). */
  getCrisis(caseId: string, crisisId: string, signal?: AbortSignal): Promise<CrisisBoardView> {
    return requestJson('GET', crisisPath(caseId, crisisId), opt(signal));
  },

  cancelCrisis(caseId: string, crisisId: string, body: CancelCrisisRequest): Promise<{ accepted: true }> {
    return requestJson('POST', `${crisisPath(caseId, crisisId)}/cancel`, { body });
  },

  /** The tasks held by the caller's organisation. */
  listTasks(filter: InboxFilter, signal?: AbortSignal): Promise<TaskInboxResponse> {
    return requestJson('GET', `/tasks${query({ status: filter })}`, opt(signal));
  },

  /** `method`: how a guardian without an account was reached (the ASD records it for them). */
  acknowledgeTask(
    caseId: string,
    crisisId: string,
    taskId: string,
    method?: 'phone_call' | 'in_person',
  ): Promise<AcknowledgeTaskResult> {
    return requestJson('POST', `${crisisPath(caseId, crisisId)}/tasks/${seg(taskId)}/acknowledge`, {
      body: method ? { method } : {},
    });
  },

  declineTask(caseId: string, crisisId: string, taskId: string, body: DeclineTaskRequest): Promise<DeclineTaskResult> {
    return requestJson('POST', `${crisisPath(caseId, crisisId)}/tasks/${seg(taskId)}/decline`, { body });
  },

  decideAdmission(caseId: string, crisisId: string, body: DecideAdmissionRequest): Promise<CrisisStepResult> {
    return requestJson('POST', `${crisisPath(caseId, crisisId)}/admission`, { body });
  },

  announceDischarge(caseId: string, crisisId: string, body: AnnounceDischargeRequest): Promise<CrisisStepResult> {
    return requestJson('POST', `${crisisPath(caseId, crisisId)}/discharge`, { body });
  },

  /** The case's Hilfeplanung (404 while none has started). */
  getHilfeplanung(
    caseId: string,
    signal?: AbortSignal,
    breakGlassReason?: string | null,
  ): Promise<HilfeplanungLiveState> {
    return requestJson('GET', `/cases/${seg(caseId)}/hilfeplanung`, read(signal, breakGlassReason));
  },

  /**
   * Starts the help planning for a registered case (409 when one runs already). The clinic named
   * takes part (reads it, confirms, submits its statement); without one only the youth office and
   * the case's Träger do.
   */
  startHilfeplanung(caseId: string, clinicOrganisationId?: string): Promise<HilfeplanungLiveState> {
    return requestJson('POST', `/cases/${seg(caseId)}/hilfeplanung`, {
      body: clinicOrganisationId ? { clinicOrganisationId } : {},
    });
  },

  /** The organisations of the agreements in force, with their roles (clinics, Träger, …). */
  organisations(signal?: AbortSignal): Promise<OrganisationList> {
    return requestJson('GET', '/organisations', { signal });
  },

  /** Schedules or reschedules the Hilfeplangespräch. */
  scheduleMeeting(caseId: string, meetingAt: string, notify?: MeetingNotifyRequest): Promise<HilfeplanungLiveState> {
    return requestJson('POST', `/cases/${seg(caseId)}/hilfeplanung/meeting`, {
      body: notify ? { meetingAt, notify } : { meetingAt },
    });
  },

  /** A participant's answer; the youth office also records the family's. */
  answerInvitation(
    caseId: string,
    body: { party: PlanningParty; answer: 'confirmed' | 'declined'; reason?: string },
  ): Promise<HilfeplanungLiveState> {
    return requestJson('POST', `/cases/${seg(caseId)}/hilfeplanung/invitations`, { body });
  },

  /** The meeting's result: participants, the young person's view, goals, measures, next review. */
  recordPlan(caseId: string, body: RecordPlanRequest): Promise<HilfeplanungLiveState> {
    return requestJson('POST', `/cases/${seg(caseId)}/hilfeplanung/plan`, { body });
  },

  /** The plan in force (404 while none is recorded). */
  getPlan(caseId: string, signal?: AbortSignal, breakGlassReason?: string | null): Promise<PlanView> {
    return requestJson('GET', `/cases/${seg(caseId)}/hilfeplanung/plan`, read(signal, breakGlassReason));
  },

  requestReview(caseId: string, body: { reason: string; requestedBy?: PlanningParty }): Promise<{ accepted: true }> {
    return requestJson('POST', `/cases/${seg(caseId)}/hilfeplanung/review-requests`, { body });
  },

  endHelp(caseId: string, body: { reason: string; note?: string }): Promise<HilfeplanungLiveState> {
    return requestJson('POST', `/cases/${seg(caseId)}/hilfeplanung/end`, { body });
  },

  submitStatement(caseId: string, text: string): Promise<unknown> {
    return requestJson('POST', `/cases/${seg(caseId)}/hilfeplanung/statements`, { body: { text } });
  },

  /** One page of a case's timeline (oldest first) with SLA figures and the hash-chain check. */
  getTimeline(
    caseId: string,
    filters: TimelineFilters & { cursor?: string; limit?: number },
    signal?: AbortSignal,
    breakGlassReason?: string | null,
  ): Promise<TimelinePage> {
    const { limit, ...rest } = filters;
    return requestJson(
      'GET',
      `/cases/${seg(caseId)}/timeline${query({ ...rest, limit: limit ? String(limit) : undefined })}`,
      read(signal, breakGlassReason),
    );
  },

  getAccessLog(caseId: string, signal?: AbortSignal): Promise<AccessLogResponse> {
    return requestJson('GET', `/cases/${seg(caseId)}/access-log`, opt(signal));
  },

  /** The (filtered) timeline as a file: CSV, or the German PDF for courts. */
  exportTimeline(
    caseId: string,
    filters: TimelineFilters,
    format: 'csv' | 'pdf',
    breakGlassReason?: string | null,
  ): Promise<Blob> {
    return requestBlob(
      `/cases/${seg(caseId)}/timeline/export${query({ ...filters, format })}`,
      breakGlassHeader(breakGlassReason),
    );
  },
};
