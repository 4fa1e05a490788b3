import { z } from 'zod';
import { dangerKinds, urgencies } from '../events/crisis.events';

/** POST /cases/:caseId/crises: the fewest fields a caseworker needs in a crisis. */
export const triggerCrisisRequest = z
  .object({
    dangerKind: z.enum(dangerKinds),
    urgency: z.enum(urgencies),
  })
  .strict();
export type TriggerCrisisRequest = z.infer<typeof triggerCrisisRequest>;

export interface TriggerCrisisResponse {
  crisisId: string;
  caseId: string;
  /** True when this request repeated an earlier one with the same Idempotency-Key. */
  alreadyTriggered: boolean;
}

export const cancelCrisisRequest = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export type CancelCrisisRequest = z.infer<typeof cancelCrisisRequest>;
