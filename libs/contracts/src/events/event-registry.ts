import type { z, ZodTypeAny } from 'zod';
import { agreementEventSchemas } from './agreement.events';
import { caseEventSchemas } from './case.events';
import { crisisEventSchemas } from './crisis.events';
import { hilfeplanungEventSchemas } from './hilfeplanung.events';
import { deliveryEventSchemas, notificationEventSchemas } from './notification.events';
import { guardianEventSchemas } from './guardian.events';

/** The registry of known event types: the event store refuses anything not listed here. */
export const eventSchemas: Record<string, { schemaVersion: number; schema: ZodTypeAny }> = {
  ...crisisEventSchemas,
  ...caseEventSchemas,
  ...hilfeplanungEventSchemas,
  ...notificationEventSchemas,
  ...deliveryEventSchemas,
  ...guardianEventSchemas,
  ...agreementEventSchemas,
};

type AllSchemas = typeof crisisEventSchemas &
  typeof caseEventSchemas &
  typeof hilfeplanungEventSchemas &
  typeof notificationEventSchemas &
  typeof deliveryEventSchemas &
  typeof guardianEventSchemas &
  typeof agreementEventSchemas;

export type KnownEventType = keyof AllSchemas & string;

/** Every registered event as a discriminated union of type and (current-version) data. */
export type KnownEvent = {
  [K in KnownEventType]: { type: K; data: z.infer<AllSchemas[K]['schema']> };
}[KnownEventType];
export type KnownEventOf<K extends KnownEventType> = Extract<KnownEvent, { type: K }>;

/**
 * The one place a stored event's data is narrowed to its type: the store validated every event
 * against its schema when it was appended and upcasts older versions when read, so a registered
 * type has its schema's shape. Unknown types (none should exist) come back as null.
 */
export function asKnownEvent<E extends { type: string; data: unknown }>(e: E): (E & KnownEvent) | null {
  return e.type in eventSchemas ? (e as E & KnownEvent) : null;
}
