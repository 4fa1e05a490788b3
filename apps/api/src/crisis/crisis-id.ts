import { createHash } from 'node:crypto';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const SUFFIX = /-[0-9a-f]{20}$/;

/** The crisis id is the workflow id: derived from the case and the Idempotency-Key, so a retry finds it. */
export function crisisIdFor(caseId: string, idempotencyKey: string): string {
  return `crisis-${caseId}-${sha256(idempotencyKey).slice(0, 20)}`;
}

/**
 * The case a crisis id names (`crisis-<caseId>-<20 hex digits>`), or null for an id not made by
 * `crisisIdFor`. The suffix has a fixed length, so the case id is exact even when it holds dashes:
 * a step on a crisis is checked against the case in its path without asking Temporal.
 */
export function caseIdOfCrisis(crisisId: string): string | null {
  if (!crisisId.startsWith('crisis-') || !SUFFIX.test(crisisId)) return null;
  const caseId = crisisId.slice('crisis-'.length, -21);
  return caseId.length > 0 ? caseId : null;
}
