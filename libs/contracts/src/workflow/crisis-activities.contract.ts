import type { CrisisEvent } from '../events/crisis.events';
import type { Actor } from './crisis-workflow.contract';

/**
 * Events the workflow decided (with the pure domain) and asks the activity to record durably.
 * The workflow is the only writer of its crisis, so it decides; the activity appends.
 */
export interface RecordCrisisStepInput {
  caseId: string;
  crisisId: string;
  /** Stable name of the workflow step; with the workflow id it makes the event ids. */
  step: string;
  events: CrisisEvent[];
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
