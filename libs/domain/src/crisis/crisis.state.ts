import type {
  Actor,
  AdmissionDecision,
  AgreementRef,
  CrisisParty,
  CrisisPhase,
  FreeText,
  DangerKind,
  NotAdmittedFollowUp,
  SealedValue,
  TaskStatus,
  Urgency,
} from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

export type TaskRoute = 'office_hours' | 'outside_office_hours' | 'always';

export interface CrisisTask {
  taskId: string;
  party: CrisisParty | 'family_court';
  status: TaskStatus;
  route: TaskRoute;
  /** -1 while with the first contact; otherwise the index of the escalation step reached. */
  step: number;
  contactId: string;
  organisationId: string;
  /** When the current contact's time runs out; null once acknowledged or the chain is exhausted. */
  deadline: string | null;
  /** Every contact notified for this task, in order (the guardian's attempts). */
  attempts: { contactId: string; organisationId: string; notifiedAt: string }[];
  /** Organisations that declined: the chain skips their other contacts. */
  declinedBy: string[];
  escalations: number;
  supervisorAlerted: boolean;
  acknowledgement: { by: Actor; at: string } | null;
}

export interface CrisisState {
  status: 'none' | Exclude<CrisisPhase, 'triggering'>;
  crisisId: string;
  caseId: string;
  dangerKind: DangerKind | null;
  urgency: Urgency | null;
  agreement: AgreementRef | null;
  triggeredAt: string | null;
  /** Sealed location and note (ciphertext; opened only by the API for an allowed reader). */
  situation: SealedValue | null;
  tasks: Record<string, CrisisTask>;
  admission: {
    decision: AdmissionDecision;
    followUp: NotAdmittedFollowUp | null;
    decidedAt: string;
    /** The clinic that decided: the one that announces the discharge. */
    organisationId: string | null;
  } | null;
  plannedDischarge: string | null;
  ambulance: { dispatchReference: string; expectedArrivalAt: string | null; reportedAt: string } | null;
  /** The reason as the log holds it: sealed (or, for crises before docs/adr/0018, legacy clear text). */
  cancellation: { reason: FreeText; cancelledAt: string } | null;
  /** Late answers recorded as superseded, `<taskId>:<actor id>:<answer>`: each is recorded once. */
  supersededAnswers?: string[];
}

export const initialCrisisState: CrisisState = {
  status: 'none',
  crisisId: '',
  caseId: '',
  dangerKind: null,
  urgency: null,
  agreement: null,
  triggeredAt: null,
  situation: null,
  tasks: {},
  admission: null,
  plannedDischarge: null,
  ambulance: null,
  cancellation: null,
};

/** The crisis still runs: tasks can be acknowledged and escalate. */
export const isActive = (s: CrisisState): boolean => s.status === 'open' || s.status === 'admitted';

deepFreeze(initialCrisisState);
