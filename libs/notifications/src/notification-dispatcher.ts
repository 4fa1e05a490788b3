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
}

export type DeliveryResult =
  | { delivered: true; channel: ChannelKind; attempts: DeliveryAttempt[] }
  | { delivered: false; attempts: DeliveryAttempt[] };

export interface RetryPolicy {
  attemptsPerChannel: number;
  /** Backoff before attempt n (n ≥ 2) is baseDelayMs · 2^(n-2). */
  baseDelayMs: number;
}

/**
 * Tries a contact's channels in the agreed order: each a few times with backoff, then the next.
 * Every attempt is returned so the failure can be put in the timeline.
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
          await channel.send(n, address);
          attempts.push({ channel: kind, attempt, ok: true });
          return { delivered: true, channel: kind, attempts };
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
