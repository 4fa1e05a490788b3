import type { DangerKind, Urgency } from '../events/crisis.events';
import type { Actor } from './crisis-workflow.contract';

/** Commands the crisis workflow asks an activity to decide and record. Time arrives as data. */
export type CrisisCommand =
  | { type: 'TriggerCrisis'; crisisId: string; caseId: string; dangerKind: DangerKind; urgency: Urgency; now: string }
  | { type: 'CancelCrisis'; crisisId: string; reason: string; now: string };

export interface RecordCrisisStepInput {
  caseId: string;
  crisisId: string;
  /** Stable name of the workflow step; with the workflow id it makes the event id. */
  step: string;
  command: CrisisCommand;
  actor: Actor;
  correlationId: string;
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
}
