/**
 * What happens to a message at the simulated phone, decided by the number's last digits, so a test
 * or a person trying the stack can provoke each outcome with an ordinary number:
 * - `…0000`: the network reports it undeliverable (receipt `failed`);
 * - `…0099`: the phone is switched off: no receipt ever (the caller's delivery window passes);
 * - anything else: delivered.
 */
export type SimulatedOutcome = 'delivered' | 'failed' | 'switched_off';

export function simulatedOutcome(e164: string): SimulatedOutcome {
  if (e164.endsWith('0000')) return 'failed';
  if (e164.endsWith('0099')) return 'switched_off';
  return 'delivered';
}

/**
 * Numbers as people write them ("+49 9999 4410-0", "+49 (151) 123/456") to E.164: the separators
 * go, nothing else is guessed. Returns null for anything that is then not `+` and 7 to 15 digits
 * (a national number without country code, a placeholder like `case-file:…`).
 */
export function toE164(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\-()/.]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}
