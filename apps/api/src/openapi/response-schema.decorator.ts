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
 * What a successful call returns, for the OpenAPI document only. Request shapes need no such
 * decorator: they come from the ZodPipe that validates them.
 */
export const DocumentResponse = (response: DocumentedResponse) => SetMetadata(RESPONSE_SCHEMAS, [response]);

export const PROBLEM_STATUSES = 'hilfenetz:problem-statuses';

/**
 * Problem statuses (application/problem+json) only this handler answers with, beyond those the
 * document derives for every operation of its kind (see route-schemas.ts).
 */
export const DocumentProblems = (...statuses: number[]) => SetMetadata(PROBLEM_STATUSES, statuses);
