import {
  ChannelNotConfigured,
  type ChannelKind,
  type ContactChannel,
  type NotificationChannel,
  type OutboundNotification,
} from './notification';

export interface DeliveryAttempt {
  channel: ChannelKind;
  attempt: number;
  ok: boolean;
  error?: string;
  /** The provider's id of the accepted message (gateway messageId, e-mail Message-ID). */
  providerReference?: string;
}

export type DeliveryResult =
  | { delivered: true; channel: ChannelKind; providerReference?: string; attempts: DeliveryAttempt[] }
  | { delivered: false; attempts: DeliveryAttempt[] };

export interface RetryPolicy {
  attemptsPerChannel: number;
  /** Backoff before attempt n (n ≥ 2) is baseDelayMs · 2^(n-2). */
  baseDelayMs: number;
}

/**
 * Tries a contact's channels in the agreed order: each a few times with backoff, then the next.
 * Every attempt is returned so the failure can be put in the timeline. "Delivered" here means
 * accepted by the provider; for SMS and voice the arrival is the gateway's later receipt, matched
 * by the returned `providerReference`.
 */
export class NotificationDispatcher {
  private readonly channels: Map<ChannelKind, NotificationChannel>;

  constructor(
    channels: NotificationChannel[],
    private readonly retry: RetryPolicy = { attemptsPerChannel: 3, baseDelayMs: 500 },
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.channels = new Map(channels.map((c) => [c.kind, c]));
  }

  async deliver(n: OutboundNotification, contactChannels: ContactChannel[]): Promise<DeliveryResult> {
    const attempts: DeliveryAttempt[] = [];
    for (const { kind, address } of contactChannels) {
      const channel = this.channels.get(kind);
      for (let attempt = 1; attempt <= this.retry.attemptsPerChannel; attempt++) {
        if (attempt > 1) await this.sleep(this.retry.baseDelayMs * 2 ** (attempt - 2));
        try {
          if (!channel) throw new ChannelNotConfigured(kind);
          const { providerReference } = await channel.send(n, address);
          const ref = providerReference ? { providerReference } : {};
          attempts.push({ channel: kind, attempt, ok: true, ...ref });
          return { delivered: true, channel: kind, ...ref, attempts };
        } catch (err) {
          attempts.push({ channel: kind, attempt, ok: false, error: err instanceof Error ? err.message : String(err) });
          // Retrying a channel that does not exist here cannot help.
          if (err instanceof ChannelNotConfigured) break;
        }
      }
    }
    return { delivered: false, attempts };
  }
}
