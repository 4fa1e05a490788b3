import type { DangerKind, Urgency } from '../events/crisis.events';

/** Who acted, pseudonymously. Goes into Temporal payloads, so: ids and roles only. */
export interface Actor {
  id: string;
  role: string;
  organisationId?: string;
}

export interface CrisisWorkflowInput {
  crisisId: string;
  caseId: string;
  dangerKind: DangerKind;
  urgency: Urgency;
  triggeredBy: Actor;
  /** ISO time the caseworker pressed the button, taken by the API, not inside the workflow. */
  requestedAt: string;
  correlationId: string;
}

export interface CrisisWorkflowResult {
  crisisId: string;
  outcome: 'cancelled';
}

export const crisisWorkflowType = 'crisisWorkflow';
export const cancelCrisisSignal = 'cancelCrisis';
export const crisisStatusQuery = 'crisisStatus';

export interface CancelCrisisSignalArgs {
  reason: string;
  cancelledBy: Actor;
  cancelledAt: string;
}

export interface CrisisStatus {
  crisisId: string;
  caseId: string;
  status: 'triggering' | 'open' | 'cancelled';
}
