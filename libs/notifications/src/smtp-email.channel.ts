import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationChannel, OutboundNotification, SendResult } from './notification';
import { notificationText } from './notification-text.de';

/** E-mail over SMTP (nodemailer). The address is a function mailbox of the agreement, not a person's. */
export class SmtpEmailChannel implements NotificationChannel {
  readonly kind = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly appUrl: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    });
  }

  async send(n: OutboundNotification, address: string): Promise<SendResult> {
    const { subject, text } = n.body ?? notificationText(n, this.appUrl);
    const info = (await this.transport.sendMail({
      from: this.from,
      to: address,
      subject,
      text,
      ...(n.body?.attachments ? { attachments: n.body.attachments } : {}),
      headers: { 'X-Hilfenetz-Notification': n.notificationId },
    })) as { messageId?: unknown };
    return typeof info.messageId === 'string' && info.messageId ? { providerReference: info.messageId } : {};
  }
}
