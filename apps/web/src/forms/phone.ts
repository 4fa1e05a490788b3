/** E.164 as the API checks it: +, country code, 7–15 digits, no spaces. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Spaces, dashes, slashes and brackets people type are dropped; a leading 00 becomes +. */
export function normalisePhone(input: string): string {
  const compact = input.replace(/[\s\-/().]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}
