/**
 * What a contact is told. Deliberately without personal data by default: the pseudonymous case
 * reference, the kind of task and its deadline, and where to act. Everything else is behind the
 * login. A caller that composed a need-to-know briefing for this contact passes it as `body`.
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
  /**
   * The words to send, when the caller composed them (a briefing within what the channel may
   * carry): e-mail sends `subject` and `text`, SMS and voice send `short`. Without it the channels
   * use the generic `notificationText`.
   */
  body?: NotificationBody;
}

export interface NotificationBody {
  subject: string;
  text: string;
  /** For SMS and read-out calls: no names, no note (see the channel's limits). */
  short: string;
  /** E-mail only (a calendar entry, minutes as PDF); other channels send the words alone. */
  attachments?: { filename: string; contentType: string; content: Buffer | string }[];
}

/** `phone` sends a text message, `voice` places a call (read-out text), both through the gateway. */
export type ChannelKind = 'in_app' | 'email' | 'phone' | 'voice';

export interface ContactChannel {
  kind: ChannelKind;
  address: string;
}

/** What the provider answered on acceptance; its reference ties a later delivery receipt to the send. */
export interface SendResult {
  /** The gateway's messageId, or the Message-ID of the e-mail. Absent when the provider gives none. */
  providerReference?: string;
}

/** One way to reach a contact. Throws when the message was not accepted. */
export interface NotificationChannel {
  readonly kind: ChannelKind;
  send(n: OutboundNotification, address: string): Promise<SendResult>;
}

export class ChannelNotConfigured extends Error {
  constructor(kind: ChannelKind) {
    super(`channel ${kind} is not configured`);
    this.name = 'ChannelNotConfigured';
  }
}
