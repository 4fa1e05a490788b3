import type { ZodTypeAny } from 'zod';
import { caseEventSchemas } from './case.events';
import { crisisEventSchemas } from './crisis.events';

/** The registry of known event types: the event store refuses anything not listed here. */
export const eventSchemas: Record<string, { schemaVersion: number; schema: ZodTypeAny }> = {
  ...crisisEventSchemas,
  ...caseEventSchemas,
};

export type KnownEventType = keyof typeof crisisEventSchemas | keyof typeof caseEventSchemas;
