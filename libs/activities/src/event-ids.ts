import { v5 as uuidv5 } from 'uuid';

/** Namespace for event ids derived from workflow steps (a fixed, random UUID; never change it). */
const WORKFLOW_EVENT_NAMESPACE = '6f1d6f1c-3b1e-4d2e-9a55-1c0b8c4e7a21';

/**
 * The id of the event a workflow step records: the same workflow and step always give the same id,
 * so an activity retried after a timeout appends nothing new.
 */
export function workflowEventId(workflowId: string, step: string): string {
  return uuidv5(`${workflowId}/${step}`, WORKFLOW_EVENT_NAMESPACE);
}
