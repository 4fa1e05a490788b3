import type {
  Actor,
  AdmissionDecision,
  CrisisParty,
  DangerKind,
  NotAdmittedFollowUp,
  SealedText,
  SealedValue,
  Urgency,
} from '@hilfenetz/contracts';

/** What the crisis workflow asks the domain to decide. Time always arrives as data (`now`). */
export type CrisisCommand =
  | {
      type: 'TriggerCrisis';
      crisisId: string;
      caseId: string;
      dangerKind: DangerKind;
      urgency: Urgency;
      /** Location and note, sealed by the API: the domain carries them, it never reads them. */
      situation?: SealedValue;
      now: string;
      /** Triggered offline: the device time of acting, bounded by the API (docs/adr/0026). */
      actedOnDevice?: { at: string; bounded: boolean };
    }
  /** Another trigger for the case while this crisis runs: it joins, nothing restarts (docs/adr/0034). */
  | {
      type: 'JoinTrigger';
      actor: Actor;
      dangerKind: DangerKind;
      urgency: Urgency;
      situation?: SealedValue;
      now: string;
      actedOnDevice?: { at: string; bounded: boolean };
    }
  /**
   * An answer queued offline that the task's state refused: recorded, never applied, and only for a
   * person the task reached (docs/adr/0034). `now` is its arrival.
   */
  | {
      type: 'RecordSupersededAnswer';
      taskId: string;
      answer: 'acknowledge' | 'decline';
      actor: Actor;
      now: string;
      actedOnDevice: { at: string; bounded: boolean };
    }
  | { type: 'NotifyParty'; party: CrisisParty; now: string }
  | {
      type: 'AcknowledgeTask';
      taskId: string;
      actor: Actor;
      now: string;
      /** How the party was reached, when not by their own click in the inbox. */
      method?: 'guardian_code' | 'phone_call' | 'in_person';
      /** Done offline: the device time of acting, bounded by the API (docs/adr/0026). */
      actedOnDevice?: { at: string; bounded: boolean };
    }
  /** The reason sealed by the API (docs/adr/0018): the domain carries it, it never reads it. */
  | {
      type: 'DeclineTask';
      taskId: string;
      actor: Actor;
      reason: SealedText;
      /** One of the agreement's decline reason categories (`declineReasonCategoriesOf`); optional. */
      reasonCategory?: string;
      now: string;
      /** Done offline: the device time of acting, bounded by the API (docs/adr/0026). */
      actedOnDevice?: { at: string; bounded: boolean };
    }
  /** A timer fired for `deadline`; stale timers (the task moved on meanwhile) decide nothing. */
  | { type: 'EscalateOverdueTask'; taskId: string; deadline: string; now: string }
  /**
   * No channel of the contact holding the task delivered in time: do not wait for the deadline,
   * go to the next contact of the chain. Stale (the task moved on meanwhile) decides nothing.
   */
  | { type: 'EscalateUnreachedTask'; taskId: string; contactId: string; deadline: string; now: string }
  | {
      type: 'ReportAmbulanceDispatch';
      dispatchReference: string;
      expectedArrivalAt?: string;
      actor: Actor;
      now: string;
      /** Reported offline: the device time, bounded by the API (docs/adr/0026). */
      actedOnDevice?: { at: string; bounded: boolean };
    }
  | {
      type: 'DecideAdmission';
      decision: AdmissionDecision;
      followUp?: NotAdmittedFollowUp;
      actor: Actor;
      now: string;
      /** Done offline: the device time of deciding, bounded by the API (docs/adr/0026). */
      actedOnDevice?: { at: string; bounded: boolean };
    }
  | {
      type: 'CancelCrisis';
      reason: SealedText;
      now: string;
      /** Done offline: the device time of calling it off, bounded by the API (docs/adr/0026). */
      actedOnDevice?: { at: string; bounded: boolean };
    }
  | { type: 'AnnounceDischarge'; plannedFor: string; actor: Actor; now: string };

export const taskIdFor = (party: CrisisParty | 'family_court'): string => `task-${party}`;
