import type { Actor, EventMetadata, NewEvent } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import {
  InvalidEvent,
  PartialDuplicateBatch,
  type AppendResult,
  type PostgresEventStore,
} from '@hilfenetz/event-store';
import { ApplicationFailure } from '@temporalio/activity';
import { workflowEventId } from './event-ids';

/** Where an activity runs: taken from Temporal's activity context by the worker, passed in here. */
export interface WorkflowOrigin {
  workflowId: string;
  runId: string;
}

export interface WorkflowStep {
  caseId: string;
  /** Stable name of the step; with the workflow id it makes the event ids. */
  step: string;
  events: { type: string; data: unknown }[];
  actor: Actor;
  correlationId: string;
}

/**
 * Appends the events a workflow step decided to the case stream, with ids derived from the
 * workflow and the step: a retried activity (timeout, worker crash) finds them stored and appends
 * nothing new. Shared by every workflow family's recording activity.
 */
export async function recordWorkflowStep(
  store: PostgresEventStore,
  origin: WorkflowOrigin,
  step: WorkflowStep,
  schemaVersionOf: (type: string) => number,
  extra: Partial<EventMetadata> = {},
): Promise<{ eventIds: string[]; result: AppendResult | null }> {
  const { caseId, correlationId, ...one } = step;
  return recordWorkflowSteps(store, origin, { caseId, correlationId, steps: [one] }, schemaVersionOf, extra);
}

/** The id of the `index`th event a workflow step records. */
export function stepEventId(workflowId: string, step: string, index: number): string {
  return workflowEventId(workflowId, `${step}#${index}`);
}

/**
 * Several steps of one workflow in one append (one transaction, one round trip), each with its
 * own actor and its own derived ids: a retry of the whole batch appends nothing new either.
 */
export async function recordWorkflowSteps(
  store: PostgresEventStore,
  origin: WorkflowOrigin,
  batch: { caseId: string; correlationId: string; steps: Omit<WorkflowStep, 'caseId' | 'correlationId'>[] },
  schemaVersionOf: (type: string) => number,
  extra: Partial<EventMetadata> = {},
): Promise<{ eventIds: string[]; result: AppendResult | null }> {
  const perStep: NewEvent[][] = batch.steps.map((step) =>
    step.events.map((e, i) => ({
      eventId: stepEventId(origin.workflowId, step.step, i),
      type: e.type,
      schemaVersion: schemaVersionOf(e.type),
      data: e.data,
      metadata: {
        actorId: step.actor.id,
        actorRole: step.actor.role,
        organisationId: step.actor.organisationId,
        correlationId: batch.correlationId,
        workflowId: origin.workflowId,
        workflowRunId: origin.runId,
        ...extra,
      },
    })),
  );
  const events = perStep.flat();
  if (events.length === 0) return { eventIds: [], result: null };
  // Other writers (a second crisis, case events, the planning) share the case stream; order among
  // them is the store's, so no expected version here. Duplicates are caught by event id.
  const append = (some: NewEvent[]) => store.append(caseStreamId(batch.caseId), some, 'any');
  const result = await append(events)
    .catch(async (err: unknown) => {
      if (!(err instanceof PartialDuplicateBatch)) throw err;
      return append(unstoredSteps(perStep, new Set(err.eventIds)));
    })
    .catch((err: unknown) => {
      // A refused event is a bug in the workflow's decision: retrying cannot fix it, so fail loudly.
      if (err instanceof InvalidEvent) throw ApplicationFailure.nonRetryable(err.message, 'InvalidEvent');
      throw err;
    });
  return { eventIds: events.map((e) => e.eventId), result };
}

/**
 * The events of the steps not stored yet (`stored`: the ids the store's refusal names). A batch can
 * hold steps an earlier attempt already stored: a workflow task that timed out after its local
 * activity had appended (an overloaded worker) is replayed, and the steps queued by then travel
 * together with the stored ones. The store refuses such a mixed batch as a whole; step by step it
 * is a plain retry. Each earlier append stored its steps whole, so a step stored only in part is a
 * fault nobody should paper over: it fails the activity for good.
 */
function unstoredSteps(perStep: NewEvent[][], stored: ReadonlySet<string>): NewEvent[] {
  const fresh: NewEvent[] = [];
  for (const step of perStep) {
    const storedOfStep = step.filter((e) => stored.has(e.eventId)).length;
    if (storedOfStep === step.length) continue;
    if (storedOfStep > 0) {
      throw ApplicationFailure.nonRetryable(
        `a step is stored only in part: ${step.map((e) => e.eventId).join(', ')}`,
        'PartialDuplicateBatch',
      );
    }
    fresh.push(...step);
  }
  return fresh;
}
