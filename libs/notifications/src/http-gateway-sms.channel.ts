import type { NotificationChannel, OutboundNotification, SendResult } from './notification';
import { notificationText } from './notification-text.de';

export interface HttpGatewayOptions {
  /**
   * Where the gateway posts its signed delivery receipt (`NOTIFICATION_RECEIPT_URL`). Without it
   * the gateway only accepts: nothing will ever say the message arrived.
   */
  callbackUrl?: string;
}

/**
 * SMS (or a voice call, per the gateway's `mode`) through an HTTP gateway: POST JSON, 2xx means
 * accepted, not delivered; delivery is the receipt the gateway posts to `callbackUrl` later, naming
 * our `reference` (the notification id) and its `messageId`.
 *
 * The notification id goes along as the idempotency key, so the gateway does not text twice when we
 * retry after a lost answer. A call is another message than a text of the same notification (the
 * fallback from SMS to voice), so its key carries the mode.
 */
export class HttpGatewaySmsChannel implements NotificationChannel {
  readonly kind: 'phone' | 'voice';

  constructor(
    private readonly gatewayUrl: string,
    private readonly appUrl: string,
    private readonly mode: 'sms' | 'voice' = 'sms',
    private readonly options: HttpGatewayOptions = {},
  ) {
    this.kind = mode === 'voice' ? 'voice' : 'phone';
  }

  async send(n: OutboundNotification, address: string): Promise<SendResult> {
    const text = (n.body ?? notificationText(n, this.appUrl)).short;
    const res = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': this.mode === 'voice' ? `${n.notificationId}:voice` : n.notificationId,
      },
      body: JSON.stringify({
        to: address,
        mode: this.mode,
        text,
        reference: n.notificationId,
        ...(this.options.callbackUrl ? { callbackUrl: this.options.callbackUrl } : {}),
      }),
      signal: AbortSignal.timeout(5_000),
    });
    const answer = await res.text().catch(() => '');
    if (!res.ok) throw new Error(`SMS gateway answered HTTP ${res.status}${answer ? `: ${answer.slice(0, 300)}` : ''}`);
    return { ...messageIdOf(answer) };
  }
}

/** A gateway may answer 2xx without a body; only a string messageId counts. */
function messageIdOf(answer: string): SendResult {
  try {
    const parsed = JSON.parse(answer) as { messageId?: unknown };
    return typeof parsed.messageId === 'string' && parsed.messageId ? { providerReference: parsed.messageId } : {};
  } catch {
    return {};
  }
}
