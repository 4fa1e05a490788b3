import { z } from 'zod';
import { dangerKinds, urgencies } from '../events/crisis.events';
import { e164PhoneSchema } from '../events/guardian.events';

/** POST /cases/:caseId/crises: the fewest fields a caseworker needs in a crisis. */
export const triggerCrisisRequest = z
  .object({
    dangerKind: z.enum(dangerKinds),
    urgency: z.enum(urgencies),
    /**
     * Where the young person is now (for the ambulance and the clinic). Personal data: the API seals
     * it under the young person's key before it goes anywhere (Temporal, the event log, Kafka).
     */
    location: z.string().trim().min(2).max(200).optional(),
    /** A short note on the situation, same protection as `location`. */
    note: z.string().trim().min(2).max(500).optional(),
    /**
     * The number the Leitstelle and the clinic call back (the triggering person's, E.164). Sealed
     * like `location`; shown only in the briefings the agreement grants it to.
     */
    callbackPhone: e164PhoneSchema.optional(),
  })
  .strict();
export type TriggerCrisisRequest = z.infer<typeof triggerCrisisRequest>;

export const triggerCrisisResponse = z
  .object({
    crisisId: z.string(),
    caseId: z.string(),
    /** True when this request repeated an earlier one with the same Idempotency-Key. */
    alreadyTriggered: z.boolean(),
    /**
     * True when the case's crisis was already running: this trigger did not start another, it was
     * recorded in the running one, which `crisisId` names (docs/adr/0034).
     */
    joined: z.boolean(),
    /**
     * With `joined`: the crisis had already ended when this trigger arrived; it was queued offline
     * while the crisis ran and was recorded in its log afterwards, nothing started (docs/adr/0034).
     */
    afterEnd: z.boolean().optional(),
  })
  .strict();
export type TriggerCrisisResponse = z.infer<typeof triggerCrisisResponse>;

export const cancelCrisisRequest = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export type CancelCrisisRequest = z.infer<typeof cancelCrisisRequest>;

/** POST …/crises/:crisisId/cancel: the crisis is called off (202); nothing else to tell. */
export const cancelCrisisResponseSchema = z.object({ accepted: z.literal(true) }).strict();
export type CancelCrisisResponse = z.infer<typeof cancelCrisisResponseSchema>;

/** Where and what, as the API opens it for a caller allowed to see the crisis. */
export type CrisisSituationView =
  { status: 'available'; location: string | null; note: string | null } | { status: 'erased'; erasedAt: string };

/** The plain content sealed into `CrisisTriggered.situation`. */
export interface CrisisSituation {
  location?: string;
  note?: string;
  callbackPhone?: string;
  /** The triggering person's display name (from their token), for the briefings' callback line. */
  triggeredByName?: string;
}
