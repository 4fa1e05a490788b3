import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature of a gateway's delivery receipt. */
export const GATEWAY_SIGNATURE_HEADER = 'x-hilfenetz-signature';

/**
 * `sha256=<hex HMAC-SHA256 of the raw body>` under the secret shared with the SMS/voice gateway.
 * Signed over the exact bytes sent, so the receiver must verify before parsing (a re-serialised
 * JSON object would not match).
 */
export function signGatewayBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * True when `header` is the signature of `rawBody` under `secret`. Compares in constant time;
 * false (never a throw) on a missing, repeated or malformed header.
 */
export function verifyGatewaySignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | string[] | undefined | null,
): boolean {
  if (typeof header !== 'string' || !secret) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const given = Buffer.from(m[1]!.toLowerCase(), 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
