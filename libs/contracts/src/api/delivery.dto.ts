import { z } from 'zod';
import type { SameShape } from './same-shape';
import { instantInput } from './instant-input';

/**
 * POST /cases/:caseId/crises/:crisisId/tasks/:taskId/delivery — sent by an open client of the
 * organisation holding the task: `delivered` as soon as the task reached the client (live stream
 * or inbox load), `seen` when a person opened the card or the task page. Idempotent; 202.
 */
export const taskDeliveryReceiptRequest = z.object({ state: z.enum(['delivered', 'seen']) }).strict();
export type TaskDeliveryReceiptRequest = z.infer<typeof taskDeliveryReceiptRequest>;

/**
 * POST /notifications/gateway-receipts — the SMS/voice gateway's delivery receipt, signed with the
 * shared secret (`X-Hilfenetz-Signature: sha256=<hex HMAC of the raw body>`). `reference` is ours,
 * given to the gateway with the message.
 */
export const gatewayReceiptRequest = z
  .object({
    reference: z.string().regex(/^[A-Za-z0-9:._@/-]{3,300}$/, 'must be a reference hilfenetz gave'),
    messageId: z.string().min(1).max(200),
    status: z.enum(['delivered', 'failed']),
    at: instantInput,
  })
  .strict();
export type GatewayReceiptRequest = z.infer<typeof gatewayReceiptRequest>;

/** POST /public/guardian-confirmations — the guardian's one-time code from the SMS; no login. */
export const guardianConfirmationRequest = z
  .object({ code: z.string().regex(/^[0-9]{6}$/, 'must be the 6-digit code from the message') })
  .strict();
export type GuardianConfirmationRequest = z.infer<typeof guardianConfirmationRequest>;

export interface GuardianConfirmationResponse {
  confirmed: true;
  /** Who to call for more (the youth office's desk), never case data. */
  contactPhone: string | null;
}

/** The answer to a right code, for the OpenAPI document. */
export const guardianConfirmationResponseSchema = z
  .object({ confirmed: z.literal(true), contactPhone: z.string().nullable() })
  .strict();

// The schema must describe exactly the type the API returns.
const _guardianConfirmationSame: SameShape<
  z.infer<typeof guardianConfirmationResponseSchema>,
  GuardianConfirmationResponse
> = true;
void _guardianConfirmationSame;
