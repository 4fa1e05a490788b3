import type { CooperationAgreement, DeliveryChannelKind, Urgency } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

/**
 * Seconds a channel gets to deliver (a receipt) before the contact's next channel is tried, when
 * the agreement sets nothing: one minute in an immediate crisis (issue 11), longer when it can wait.
 */
export const defaultDeliveryWindowSeconds: Record<Urgency, number> = { immediate: 60, urgent: 180, soon: 600 };

export function deliveryWindowSeconds(
  agreement: Pick<CooperationAgreement, 'deliveryWindows'>,
  urgency: Urgency,
  channel: DeliveryChannelKind,
): number {
  return agreement.deliveryWindows?.[urgency]?.[channel] ?? defaultDeliveryWindowSeconds[urgency];
}

deepFreeze(defaultDeliveryWindowSeconds);
