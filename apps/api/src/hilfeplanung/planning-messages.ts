import type { HilfeplanungMessageEvent, HilfeplanungMessageStatus } from '@hilfenetz/contracts';

/** A case-stream event as far as the planning's messages are concerned. */
interface CaseStreamEvent {
  type: string;
  data: unknown;
}

/**
 * The delivery status of a cycle's messages, one row per message and recipient, in the order they
 * were recorded (the latest record of a message id wins). E-mail counts as delivered once the mail
 * server accepted it for the mailbox (SMTP gives no other receipt); a text message as sent once the
 * gateway took it.
 */
export function messageStatuses(events: readonly CaseStreamEvent[], cycle: number): HilfeplanungMessageStatus[] {
  const rows = new Map<string, HilfeplanungMessageStatus>();
  for (const e of events) {
    if (e.type !== 'HilfeplanungMessageSent' && e.type !== 'HilfeplanungMessageNotSent') continue;
    const m = e as HilfeplanungMessageEvent;
    if (m.data.cycle !== cycle) continue;
    const common = {
      messageId: m.data.messageId,
      kind: m.data.kind,
      party: m.data.party,
      recipientLabel: m.data.recipientLabel,
      channel: m.data.channel ?? null,
    };
    rows.set(
      m.data.messageId,
      m.type === 'HilfeplanungMessageSent'
        ? { ...common, status: m.data.channel === 'email' ? 'delivered' : 'sent', at: m.data.sentAt }
        : { ...common, status: 'not_sent', cause: m.data.cause, at: m.data.recordedAt },
    );
  }
  return [...rows.values()];
}
