import type { CrisisEvent, DangerKind, Urgency } from '../events/crisis.events';
import type { DeliveryEvent } from '../events/notification.events';
import type { DeliveryChannelKind } from './cooperation-agreement';
import type { Actor } from './crisis-workflow.contract';
import type { HilfeplanungRules } from './hilfeplanung-workflow.contract';

/**
 * Events the workflow decided (with the pure domain) and asks the activity to record durably.
 * The workflow is the only writer of its crisis, so it decides; the activity appends.
 */
export interface RecordCrisisStepInput {
  caseId: string;
  crisisId: string;
  /** Stable name of the workflow step; with the workflow id it makes the event ids. */
  step: string;
  events: (CrisisEvent | DeliveryEvent)[];
  actor: Actor;
  correlationId: string;
}

/**
 * Several steps recorded in one append, in the order they were decided: the writes a crisis
 * decided while an earlier one was still being written travel together (docs/adr/0010, patch
 * `coalesced-writes`). Each step keeps its own name, actor and so its own event ids.
 */
export interface RecordCrisisStepsInput {
  caseId: string;
  crisisId: string;
  correlationId: string;
  steps: { step: string; events: (CrisisEvent | DeliveryEvent)[]; actor: Actor }[];
}

export interface RecordCrisisStepResult {
  eventIds: string[];
  streamVersion: number;
  duplicate: boolean;
}

/**
 * The activities the crisis workflow may call: the contract between workflow code (sandboxed,
 * deterministic) and the worker's I/O. Workflows see only this interface.
 */
export interface CrisisActivities {
  recordCrisisStep(input: RecordCrisisStepInput): Promise<RecordCrisisStepResult>;
  recordCrisisSteps(input: RecordCrisisStepsInput): Promise<RecordCrisisStepResult>;
  sendNotification(input: SendNotificationInput): Promise<SendNotificationResult>;
  startHilfeplanung(input: StartHilfeplanungInput): Promise<StartHilfeplanungResult>;
  findInAppReceipt(input: FindInAppReceiptInput): Promise<InAppReceiptFound | null>;
}

/**
 * The in-app receipt of one attempt as the API recorded it in the log (docs/adr/0046): looked up
 * by the event id the receipt is stored under, when the attempt's window ends.
 */
export interface FindInAppReceiptInput {
  caseId: string;
  crisisId: string;
  attemptId: string;
}

export interface InAppReceiptFound {
  confirmedBy: Actor;
  deliveredAt: string;
}

/**
 * Seed 002, step 5: at discharge the crisis hands the case over to the help planning
 * (docs/adr/0013). Everything the planning's start input needs, from the discharge step itself,
 * so a retried activity asks for exactly the same start.
 */
export interface StartHilfeplanungInput {
  caseId: string;
  crisisId: string;
  /** The planned discharge date: the deadline to schedule the meeting counts from it. */
  dischargedAt: string;
  /** Whoever announced the discharge (the clinic), as the planning's starter. */
  startedBy: Actor;
  /** `HilfeplanungRequested.requestedAt`. */
  startedAt: string;
  correlationId: string;
  /**
   * The planning's clocks from the agreement version the crisis ran under. Absent only in a start
   * scheduled by a crisis worker older than this field (the general defaults apply then).
   */
  rules?: HilfeplanungRules;
}

export interface StartHilfeplanungResult {
  planningId: string;
}

/**
 * The signal that goes with the crisis's signal-with-start of the Hilfeplanung workflow. It asks
 * for nothing: the start input carries the discharge; on a running planning it changes nothing.
 */
/** One planning per case: the Hilfeplanung workflow's id, for the crisis's hand-over and the API. */
export const hilfeplanungIdFor = (caseId: string): string => `hilfeplanung-${caseId}`;

export const dischargeHandOverSignalName = 'dischargeHandedOver';
export interface DischargeHandOver {
  crisisId: string;
}

/** Why a contact holds a task now: shapes the message's first line. */
export type NotificationReason = 'task_assigned' | 'task_escalated' | 'supervisor_alert' | 'family_court_decision';

/**
 * One message on one channel of one contact (not in-app: the inbox needs no sending). Ids and
 * categories only: the activity opens what it needs (a guardian's number) from the case file
 * itself, so no personal data enters the workflow's history.
 */
export interface SendNotificationInput {
  caseId: string;
  crisisId: string;
  taskId: string;
  party: string;
  contactId: string;
  contactLabel: string;
  /** Our reference for the receipt: `<crisisId>/<taskId>/<contactId>/<generation>/<channel index>`. */
  attemptId: string;
  channel: { kind: Exclude<DeliveryChannelKind, 'in_app'>; address: string };
  reason: NotificationReason;
  deadline: string | null;
  dangerKind: DangerKind;
  urgency: Urgency;
  /** Whom the recipient calls back: the lead office's desk (a function number, no person). */
  callbackPhone: string | null;
}

export type SendNotificationResult =
  | { outcome: 'sent'; providerReference?: string }
  | { outcome: 'not_configured' | 'no_address' | 'failed'; error: string };
