import type { z, ZodTypeAny } from 'zod';
import { agreementEventSchemas } from './agreement.events';
import { breakGlassEventSchemas } from './break-glass.events';
import { caseEventSchemas } from './case.events';
import { crisisEventSchemas } from './crisis.events';
import { hilfeplanungEventSchemas } from './hilfeplanung.events';
import { deliveryEventSchemas, notificationEventSchemas } from './notification.events';
import { guardianEventSchemas } from './guardian.events';
import { riskAssessmentEventSchemas } from './risk-assessment.events';
import { kkgFeedbackEventSchemas } from './kkg-feedback.events';
import { networkEventSchemas } from './network.events';
import { networkMeetingEventSchemas } from './network-meeting.events';
import { contactConfirmationEventSchemas } from './contact-confirmation.events';
import { networkConsultationEventSchemas } from './network-consultation.events';
import { networkReferralEventSchemas } from './network-referral.events';
import { networkRegisterEventSchemas } from './network-register.events';
import { qualityLoopEventSchemas } from './quality-loop.events';

export * from './free-text-upcasters';

/** The registry of known event types: the event store refuses anything not listed here. */
export const eventSchemas: Record<string, { schemaVersion: number; schema: ZodTypeAny; read?: ZodTypeAny }> = {
  ...crisisEventSchemas,
  ...caseEventSchemas,
  ...hilfeplanungEventSchemas,
  ...notificationEventSchemas,
  ...deliveryEventSchemas,
  ...guardianEventSchemas,
  ...agreementEventSchemas,
  ...breakGlassEventSchemas,
  ...riskAssessmentEventSchemas,
  ...kkgFeedbackEventSchemas,
  ...networkEventSchemas,
  ...networkMeetingEventSchemas,
  ...contactConfirmationEventSchemas,
  ...networkConsultationEventSchemas,
  ...networkReferralEventSchemas,
  ...networkRegisterEventSchemas,
  ...qualityLoopEventSchemas,
};

type AllSchemas = typeof crisisEventSchemas &
  typeof caseEventSchemas &
  typeof hilfeplanungEventSchemas &
  typeof notificationEventSchemas &
  typeof deliveryEventSchemas &
  typeof guardianEventSchemas &
  typeof agreementEventSchemas &
  typeof breakGlassEventSchemas &
  typeof riskAssessmentEventSchemas &
  typeof kkgFeedbackEventSchemas &
  typeof networkEventSchemas &
  typeof networkMeetingEventSchemas &
  typeof contactConfirmationEventSchemas &
  typeof networkConsultationEventSchemas &
  typeof networkReferralEventSchemas &
  typeof networkRegisterEventSchemas &
  typeof qualityLoopEventSchemas;

export type KnownEventType = keyof AllSchemas & string;

/**
 * What readers get of an event type: its `read` schema where older versions are upcast into a
 * wider shape than new events may take (free text, docs/adr/0018), else its current schema.
 */
type ReadSchemaOf<E> = E extends { read: infer R extends ZodTypeAny }
  ? R
  : E extends { schema: infer S extends ZodTypeAny }
    ? S
    : never;

/** Every registered event as a discriminated union of type and (current-version, as read) data. */
export type KnownEvent = {
  [K in KnownEventType]: { type: K; data: z.infer<ReadSchemaOf<AllSchemas[K]>> };
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
