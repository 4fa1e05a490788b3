import { z } from 'zod';
import { ApplicationError, type DeviceTime } from '@hilfenetz/contracts';

/**
 * X-Acted-At: when a person acted on a device that was offline, by the device's clock (issue 19,
 * docs/adr/0026). The event records it beside the time the API received the action; the device's
 * clock is not trusted beyond these bounds, and a corrected value says so (`bounded`).
 */
export const actedAtHeader = z.string().datetime({ offset: true }).max(40);

/** An action older than this when it arrives is recorded as this old, flagged (a clock far behind). */
export const DEVICE_TIME_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The device time to record, or none without the header. Never after the arrival (a clock ahead,
 * or a forged value: the arrival is taken, flagged) and never older than DEVICE_TIME_MAX_AGE_MS.
 * A value that is no timestamp is refused (400), like a tampered queue entry.
 */
export function deviceTime(header: string | undefined, receivedAt: Date): DeviceTime | undefined {
  // An empty header is sent, not absent: as malformed as any other value that is no timestamp.
  if (header === undefined) return undefined;
  const parsed = actedAtHeader.safeParse(header);
  if (!parsed.success) {
    throw new ApplicationError('request.invalid', 'X-Acted-At must be an ISO 8601 timestamp with its offset.', [
      { field: 'header.x-acted-at', reason: 'not an ISO 8601 timestamp' },
    ]);
  }
  const acted = new Date(parsed.data).getTime();
  const received = receivedAt.getTime();
  if (acted > received) return { at: receivedAt.toISOString(), bounded: true };
  if (received - acted > DEVICE_TIME_MAX_AGE_MS) {
    return { at: new Date(received - DEVICE_TIME_MAX_AGE_MS).toISOString(), bounded: true };
  }
  return { at: new Date(acted).toISOString(), bounded: false };
}
