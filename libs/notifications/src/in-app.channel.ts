import type { NotificationChannel, SendResult } from './notification';

/**
 * In-app: the task already stands in the organisation's inbox (the task-inbox projection pushes it
 * live to every open inbox), so delivering means nothing more to do here.
 */
export class InAppChannel implements NotificationChannel {
  readonly kind = 'in_app' as const;

  async send(): Promise<SendResult> {
    // Delivered by the task inbox projection and its Server-Sent Events.
    return {};
  }
}
