import { SetMetadata } from '@nestjs/common';
import type { ZodTypeAny } from 'zod';

export const RESPONSE_SCHEMAS = 'hilfenetz:response-schemas';

export interface DocumentedResponse {
  status: number;
  description: string;
  /** Media type → the contract schema of the body (zod, the same one the clients import). */
  content: Record<string, ZodTypeAny>;
}

/**
 * What a successful call returns (one entry per status), for the OpenAPI document only. Request shapes need no such
 * decorator: they come from the ZodPipe that validates them.
 */
export const DocumentResponse = (...responses: DocumentedResponse[]) => SetMetadata(RESPONSE_SCHEMAS, responses);

export const PROBLEM_STATUSES = 'hilfenetz:problem-statuses';

/**
 * Problem statuses (application/problem+json) only this handler answers with, beyond those the
 * document derives for every operation of its kind (see route-schemas.ts).
 */
export const DocumentProblems = (...statuses: number[]) => SetMetadata(PROBLEM_STATUSES, statuses);

export const RESPONSE_LINKS = 'hilfenetz:response-links';

/** An OpenAPI link: which operation the answer leads to, and where its parameters come from. */
export interface DocumentedLink {
  operationId: string;
  /** Parameter → a runtime expression (`$response.body#/caseId`, `$request.path.caseId`) or a constant. */
  parameters: Record<string, string>;
  description: string;
  /**
   * The body to send, when the target needs one the answer cannot supply. It replaces a generated
   * body rather than merging into it: a generated field the target refuses for this caller (the
   * acknowledge's `method`, recorded for the guardian's task only) would otherwise turn every
   * followed link into a 403, and the chain would never reach the state after it.
   */
  requestBody?: Record<string, unknown>;
}

/**
 * The operations an answer leads to (OpenAPI links). Clients can follow them; the fuzzer's
 * stateful phase chains real ids through them (register → trigger → acknowledge → timeline)
 * instead of guessing ids that never exist.
 */
export const DocumentLinks = (status: number | number[], links: Record<string, DocumentedLink>) =>
  SetMetadata(RESPONSE_LINKS, { statuses: Array.isArray(status) ? status : [status], links });

export const HEADER_SCHEMAS = 'hilfenetz:header-schemas';

/**
 * The schema of a request header the handler checks itself (Nest's @Headers takes no pipe): the
 * same zod schema the handler parses it with, so the document says what is accepted (pattern,
 * required) and a generated request that follows it is not refused.
 */
export const DocumentHeader =
  (name: string, schema: ZodTypeAny): MethodDecorator =>
  (_target, _key, descriptor) => {
    const fn = descriptor.value as object;
    const known = (Reflect.getMetadata(HEADER_SCHEMAS, fn) ?? {}) as Record<string, ZodTypeAny>;
    Reflect.defineMetadata(HEADER_SCHEMAS, { ...known, [name.toLowerCase()]: schema }, fn);
  };
