/**
 * What a contact is told. Deliberately without personal data: the pseudonymous case reference, the
 * kind of task and its deadline, and where to act. Everything else is behind the login.
 */
export interface OutboundNotification {
  /** Stable id: the same notification is never sent twice under a new id. */
  notificationId: string;
  caseId: string;
  crisisId: string;
  taskId: string;
  reason: 'task_assigned' | 'task_escalated' | 'supervisor_alert' | 'family_court_decision';
  deadline: string | null;
  contactLabel: string;
}

/** `phone` sends a text message, `voice` places a call (read-out text), both through the gateway. */
export type ChannelKind = 'in_app' | 'email' | 'phone' | 'voice';

export interface ContactChannel {
  kind: ChannelKind;
  address: string;
}

/** One way to reach a contact. Throws when the message was not accepted. */
export interface NotificationChannel {
  readonly kind: ChannelKind;
  send(n: OutboundNotification, address: string): Promise<void>;
}

export class ChannelNotConfigured extends Error {
  constructor(kind: ChannelKind) {
    super(`channel ${kind} is not configured`);
    this.name = 'ChannelNotConfigured';
  }
}
