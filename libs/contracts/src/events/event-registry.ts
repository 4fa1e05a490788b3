import type { ZodTypeAny } from 'zod';
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

export type KnownEventType =
  keyof typeof crisisEventSchemas | keyof typeof caseEventSchemas | keyof typeof hilfeplanungEventSchemas;
