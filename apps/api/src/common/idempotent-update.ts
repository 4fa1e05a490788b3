import type { Response } from 'express';
import { Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationError } from '@hilfenetz/contracts';
import { idempotencyKeyHash, requestFingerprint } from './idempotency-key';

/** A step sent with an Idempotency-Key: the key, and the request it stands for (path ids, body, who). */
export interface IdempotentRequest {
  key: string;
  request: Record<string, unknown>;
}

/** The step's answer, and whether it is the first answer given again for a repeat of the key. */
export interface StepOutcome<T> {
  result: T;
  replayed: boolean;
}

/**
 * Idempotency-Keys for the Updates of a running workflow (a crisis step, a Hilfeplanung answer),
 * kept where the crisis trigger keeps its own: in Temporal, no table of its own. The Update id is
 * `idem-<hash of the key>-<fingerprint of the request>`; Temporal runs an Update id once per
 * workflow and answers a repeat with the first outcome. Before sending, the workflow's history is
 * read for an Update of the same key: with the same fingerprint it is a repeat (a lost answer:
 * the first outcome is returned, marked as replayed); with another it is the key reused for a
 * different request (422 `request.idempotency_key_reused`, as for the trigger). An Update the
 * validator refused leaves no trace, so its repeat is decided again.
 */
export class IdempotentUpdates {
  constructor(
    private readonly temporal: Client,
    private readonly masterKey: string,
  ) {}

  async run<T>(
    workflowId: string,
    idempotent: IdempotentRequest | undefined,
    execute: (updateId: string | undefined) => Promise<T>,
  ): Promise<StepOutcome<T>> {
    if (!idempotent) return { result: await execute(undefined), replayed: false };
    const prefix = `idem-${idempotencyKeyHash(idempotent.key).slice(0, 32)}-`;
    const updateId = prefix + requestFingerprint(this.masterKey, idempotent.request).slice(0, 32);
    const earlier = await this.updateIdsStartingWith(workflowId, prefix);
    if (earlier.size === 0) return { result: await execute(updateId), replayed: false };
    if (!earlier.has(updateId)) {
      throw new ApplicationError(
        'request.idempotency_key_reused',
        'This Idempotency-Key was already used for a different request.',
        [{ field: 'header.idempotency-key', reason: 'already used with a different body' }],
      );
    }
    // The first outcome, also once the workflow has ended; a failed first attempt fails again alike.
    const result = await this.temporal.workflow.getHandle(workflowId).getUpdateHandle<T>(updateId).result();
    return { result, replayed: true };
  }

  /** The ids of the Updates the workflow accepted (or admitted) whose id starts with `prefix`. */
  private async updateIdsStartingWith(workflowId: string, prefix: string): Promise<Set<string>> {
    const history = await this.temporal.workflow
      .getHandle(workflowId)
      .fetchHistory()
      .catch((err: unknown) => (isNotFound(err) ? null : Promise.reject(err)));
    const ids = new Set<string>();
    for (const event of history?.events ?? []) {
      const id =
        event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ??
        event.workflowExecutionUpdateAdmittedEventAttributes?.request?.meta?.updateId;
      if (id?.startsWith(prefix)) ids.add(id);
    }
    return ids;
  }
}

/**
 * No such workflow: no earlier Update. The Update that follows answers as without a key (404 for an
 * unknown crisis). The history call gives the raw gRPC error, not WorkflowNotFoundError.
 */
const GRPC_NOT_FOUND = 5;
const isNotFound = (err: unknown): boolean =>
  err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND);

/** Says on the answer that it repeats the first one (as the SMS gateway does): the body is that answer. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** The step's answer, with `Idempotent-Replayed: true` when it is the first answer given again. */
export function answerOf<T>(res: Pick<Response, 'setHeader'>, outcome: StepOutcome<T>): T {
  if (outcome.replayed) res.setHeader(REPLAYED_HEADER, 'true');
  return outcome.result;
}
