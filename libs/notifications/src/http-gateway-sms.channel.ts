import type { NotificationChannel, OutboundNotification } from './notification';
import { notificationText } from './notification-text.de';

/**
 * SMS (or a voice call, per the gateway's `mode`) through an HTTP gateway: POST JSON, 2xx means
 * accepted. The notification id goes along as an idempotency key, so a gateway that supports it
 * does not text twice when we retry after a lost answer.
 */
export class HttpGatewaySmsChannel implements NotificationChannel {
  readonly kind: 'phone' | 'voice';

  constructor(
    private readonly gatewayUrl: string,
    private readonly appUrl: string,
    private readonly mode: 'sms' | 'voice' = 'sms',
  ) {
    this.kind = mode === 'voice' ? 'voice' : 'phone';
  }

  async send(n: OutboundNotification, address: string): Promise<void> {
    const res = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': n.notificationId },
      body: JSON.stringify({ to: address, mode: this.mode, text: notificationText(n, this.appUrl).short }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered HTTP ${res.status}`);
  }
}
