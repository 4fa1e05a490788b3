import type { AppConfig } from '@hilfenetz/config';
import { HttpGatewaySmsChannel, SmtpEmailChannel, type NotificationChannel } from '@hilfenetz/notifications';

/** The channels this deployment has: e-mail when SMTP is configured, SMS and voice with a gateway. */
export function notificationChannels(config: AppConfig): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (config.SMTP_URL)
    channels.push(new SmtpEmailChannel(config.SMTP_URL, config.NOTIFICATION_FROM, config.PUBLIC_APP_URL));
  if (config.SMS_GATEWAY_URL) {
    // Without a receipt URL the gateway only accepts: nothing would ever count as delivered.
    const options = config.NOTIFICATION_RECEIPT_URL ? { callbackUrl: config.NOTIFICATION_RECEIPT_URL } : {};
    channels.push(
      new HttpGatewaySmsChannel(config.SMS_GATEWAY_URL, config.PUBLIC_APP_URL, 'sms', options),
      new HttpGatewaySmsChannel(config.SMS_GATEWAY_URL, config.PUBLIC_APP_URL, 'voice', options),
    );
  }
  return channels;
}
