import type { AdmissionDecision, DangerKind, Urgency } from '../events/crisis.events';
import type { CrisisSituationView } from '../api/trigger-crisis.dto';
import type { SealedText, SealedValue } from '../events/sealed-value';
import type { AgreementRef, CooperationAgreement, CrisisParty, NotAdmittedFollowUp } from './cooperation-agreement';

/** Who acted, pseudonymously. Goes into Temporal payloads, so: ids and roles only. */
export interface Actor {
  id: string;
  role: string;
  organisationId?: string;
}

/**
 * What starts a crisis. Pseudonymous ids, categories and ciphertext only: the location and the
 * situation note travel sealed.
 */
export interface CrisisWorkflowInput {
  crisisId: string;
  caseId: string;
  dangerKind: DangerKind;
  urgency: Urgency;
  triggeredBy: Actor;
  /** ISO time the caseworker pressed the button, taken by the API, not inside the workflow. */
  requestedAt: string;
  correlationId: string;
  /** The agreement version in force at `requestedAt`, resolved by the API. */
  agreement: AgreementRef;
  /**
   * The full agreement version, resolved by the API (it may be one an administrator published, which
   * the worker's built-in registry does not know). Absent in crises started before it existed.
   */
  agreementVersion?: CooperationAgreement;
  /**
   * The case's Träger when it has one on file. `agreementVersion` is then already routed for it
   * (libs/domain `agreementForCase`: the provider task goes to this organisation's route); recorded
   * so the choice can be recomputed from the reference. Absent in crises started before it existed,
   * and for cases without a Träger (the agreement's own provider route).
   */
  careProviderOrganisationId?: string;
  /** Location and situation note, sealed under the young person's key by the API. */
  situation?: SealedValue;
  /** Triggered offline and sent later: the device time, bounded by the API (X-Acted-At). */
  actedOnDevice?: DeviceTime;
}

/** A second trigger for the case while this crisis runs: recorded in its log, no new workflow. */
export interface JoinTriggerArgs {
  by: Actor;
  at: string;
  dangerKind: DangerKind;
  urgency: Urgency;
  situation?: SealedValue;
  actedOnDevice?: DeviceTime;
}

/** An answer queued offline that the task's state refused (409): recorded as superseded. */
export interface RecordSupersededAnswerArgs {
  taskId: string;
  answer: 'acknowledge' | 'decline';
  by: Actor;
  at: string;
  actedOnDevice: DeviceTime;
}

export type CrisisOutcome = 'cancelled' | 'not_admitted' | 'discharged';

export interface CrisisWorkflowResult {
  crisisId: string;
  outcome: CrisisOutcome;
}

export const crisisWorkflowType = 'crisisWorkflow';
export const cancelCrisisUpdate = 'cancelCrisis';
export const acknowledgeTaskUpdate = 'acknowledgeTask';
export const declineTaskUpdate = 'declineTask';
export const decideAdmissionUpdate = 'decideAdmission';
export const reportAmbulanceDispatchUpdate = 'reportAmbulanceDispatch';
export const announceDischargeUpdate = 'announceDischarge';
export const crisisStatusQuery = 'crisisStatus';
export const deliveryReceiptSignal = 'deliveryReceipt';

/**
 * A receipt for a notification (a signal: the sender needs no answer, and a late or repeated one
 * changes nothing). `in_app`: an open client of the organisation holding the task received it
 * (`delivered`) or a person opened it (`seen`); `gateway`: the SMS/voice gateway's receipt for one
 * attempt, already checked for its signature by the API.
 */
export type DeliveryReceiptArgs =
  | { kind: 'in_app'; taskId: string; state: 'delivered' | 'seen'; by: Actor; at: string }
  | { kind: 'gateway'; attemptId: string; status: 'delivered' | 'failed'; at: string };

export interface CancelCrisisArgs {
  /** Sealed by the API under the case's subject key (docs/adr/0018): ciphertext only in Temporal. */
  reason: SealedText;
  cancelledBy: Actor;
  cancelledAt: string;
  /** The device time of calling it off, for a cancel done offline and sent later (X-Acted-At, bounded). */
  actedOnDevice?: DeviceTime;
}

export interface AcknowledgeTaskArgs {
  taskId: string;
  by: Actor;
  /** How the party was reached when not in-app (guardian code, phone call, in person). */
  method?: 'guardian_code' | 'phone_call' | 'in_person';
  /** When the person acknowledged, taken by the API. */
  at: string;
  /** The device time of acting, for an acknowledgement done offline and sent later (X-Acted-At, bounded). */
  actedOnDevice?: DeviceTime;
}

/** When a person acted by their device's clock; `bounded` when the API had to correct it. */
export interface DeviceTime {
  at: string;
  bounded: boolean;
}

export interface AcknowledgeTaskResult {
  taskId: string;
  acknowledgedBy: Actor;
  acknowledgedAt: string;
  /** True when this party had already acknowledged: the first acknowledgement is returned. */
  alreadyAcknowledged: boolean;
}

export interface DeclineTaskArgs {
  taskId: string;
  by: Actor;
  /** Sealed by the API (docs/adr/0018). */
  reason: SealedText;
  /** One of the agreement's decline reason categories; absent when none was chosen. */
  reasonCategory?: string;
  at: string;
  /** The device time of acting, for a decline done offline and sent later (X-Acted-At, bounded). */
  actedOnDevice?: DeviceTime;
}

export interface DeclineTaskResult {
  taskId: string;
  /** Where the task went: the next contact, or the supervisor / documented unreachability. */
  nowWith: { contactId: string; organisationId: string } | null;
}

export interface ReportAmbulanceDispatchArgs {
  dispatchReference: string;
  /** Expected arrival, when the Leitstelle knows it (ISO instant). */
  expectedArrivalAt?: string;
  by: Actor;
  at: string;
  /** The device time of reporting, for a report queued offline and sent later (X-Acted-At, bounded). */
  actedOnDevice?: DeviceTime;
}

export interface DecideAdmissionArgs {
  decision: AdmissionDecision;
  followUp?: NotAdmittedFollowUp;
  by: Actor;
  at: string;
  /** The device time of deciding, for a decision made offline and sent later (X-Acted-At, bounded). */
  actedOnDevice?: DeviceTime;
}

export interface AnnounceDischargeArgs {
  plannedFor: string;
  by: Actor;
  at: string;
}

export interface CrisisStepResult {
  crisisId: string;
  status: CrisisPhase;
}

export type CrisisPhase = 'triggering' | 'open' | 'admitted' | 'cancelled' | 'not_admitted' | 'discharged';

export type TaskStatus = 'open' | 'acknowledged' | 'unreachable';

/** One party's task as the live board shows it. */
export interface CrisisTaskView {
  taskId: string;
  party: CrisisParty | 'family_court';
  status: TaskStatus;
  contactId: string;
  organisationId: string;
  deadline: string | null;
  /** When the next escalation fires if nobody acknowledges; null once acknowledged or exhausted. */
  nextEscalationDue: string | null;
  escalations: number;
  supervisorAlerted: boolean;
  acknowledgedBy: Actor | null;
  acknowledgedAt: string | null;
  /**
   * How far reaching the task's current contact has come (absent in crises started before the
   * workflow reached people itself): trying a channel, delivered on one, or not reached at all.
   */
  delivery?: TaskDeliveryView;
}

export interface TaskDeliveryView {
  contactId: string;
  state: 'trying' | 'delivered' | 'not_reached';
  /** The channel being tried or that delivered; null when not reached. */
  channel: 'in_app' | 'email' | 'phone' | 'voice' | null;
  since: string;
  /** Whether a person of the holding organisation has opened the task. */
  seen: boolean;
}

/** The live state of a crisis, answered by the workflow's query. */
export interface CrisisLiveState {
  crisisId: string;
  caseId: string;
  status: CrisisPhase;
  agreement: AgreementRef | null;
  triggeredAt: string | null;
  admission: { decision: AdmissionDecision; followUp: NotAdmittedFollowUp | null; decidedAt: string } | null;
  plannedDischarge: string | null;
  /** The ambulance as the Leitstelle last reported it. */
  ambulance: { dispatchReference: string; expectedArrivalAt: string | null; reportedAt: string } | null;
  tasks: CrisisTaskView[];
  /** Location and note as the caseworker gave them, sealed (ciphertext only in Temporal). */
  situation: SealedValue | null;
}

/** GET /cases/:caseId/crises/:crisisId: the live state with the situation opened for the caller. */
export type CrisisView = Omit<CrisisLiveState, 'situation'> & { situation: CrisisSituationView | null };

/**
 * The walking skeleton's summary, which apps/web still labels with three states; the query
 * returns the full `CrisisLiveState` (whose `status` may also be admitted / not_admitted /
 * discharged).
 */
export interface CrisisStatus {
  crisisId: string;
  caseId: string;
  status: 'triggering' | 'open' | 'cancelled';
}
