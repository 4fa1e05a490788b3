import type { CrisisParty } from '@hilfenetz/contracts';

/**
 * What the quality projection keeps of one crisis task, as the report reads it: the interface, the
 * month and what happened, with no id of the case, the crisis, the task or a person (ADR 0029).
 */
export interface TaskQualityFact {
  month: string;
  party: CrisisParty;
  organisationId: string;
  /** Trigger → first acknowledgement in seconds; null when never acknowledged. */
  acknowledgementLatencySeconds: number | null;
  declined: boolean;
  /** The decline reason category of the (first) decline; null when none was chosen or not declined. */
  declineCategory: string | null;
  escalatedDeadlineMissed: boolean;
  escalatedDeclined: boolean;
  escalatedNotReached: boolean;
  supervisorAlerted: boolean;
  notificationFallback: boolean;
  contactNotReached: boolean;
  guardianUnreachable: boolean;
}

/** A network-wide fact: a §4 KKG report, a §8a assessment or a discharge with its first meeting. */
export type NetworkQualityFact =
  | { kind: 'kkg_feedback'; month: string; inTime: boolean | null }
  | { kind: 'risk_assessment'; month: string; decided: boolean; lateSteps: number }
  | { kind: 'discharge_to_meeting'; month: string; days: number | null };

/** A lead office's cause annotation of an item at an interface: the category only, never the note. */
export interface CauseQualityFact {
  month: string;
  party: CrisisParty;
  organisationId: string;
  category: string;
}
