import type { DataSource } from 'typeorm';
import type { TamperFinding } from '../signed-checkpoints/stream-heads';

/**
 * Holds and keys against the log: the apps' role changes them only together with their event
 * (docs/adr/0016), so a hold row or a key state that the case's events do not explain was changed
 * by someone with direct database access. The events themselves are protected by the chain and
 * the signed checkpoints; these tables are not, and this is how their edits are seen.
 */
export async function verifyHoldsAndKeys(ds: DataSource): Promise<TamperFinding[]> {
  const holds: { stream_id: string | null; case_id: string; last_event: string | null; held: boolean }[] =
    await ds.query(`
      WITH last_hold_event AS (
        SELECT DISTINCT ON (stream_id) stream_id, data->>'caseId' AS case_id, type
          FROM events WHERE type IN ('LegalHoldPlaced', 'LegalHoldLifted')
         ORDER BY stream_id, stream_version DESC)
      SELECT e.stream_id, COALESCE(e.case_id, h.case_id) AS case_id, e.type AS last_event, h.case_id IS NOT NULL AS held
        FROM last_hold_event e FULL JOIN legal_holds h ON h.case_id = e.case_id
       WHERE (e.type = 'LegalHoldPlaced') IS DISTINCT FROM (h.case_id IS NOT NULL)`);
  const keys: { subject_id: string; case_id: string; erased: boolean }[] = await ds.query(`
      SELECT k.subject_id, k.case_id, k.erased_at IS NOT NULL AS erased
        FROM data_subject_keys k
       WHERE (k.erased_at IS NOT NULL) <> (
               EXISTS (
                 SELECT 1 FROM events e
                  WHERE e.stream_id = 'case-' || k.case_id AND e.type = 'DataSubjectErased'
                    AND e.data->>'subjectId' = k.subject_id)
               -- A network contact's key (owner contact-…) goes with their withdrawn consent (ADR 0035).
               OR (k.case_id LIKE 'contact-%' AND EXISTS (
                 SELECT 1 FROM events e
                  WHERE e.stream_id LIKE 'network-%' AND e.type = 'PartnerContactConsentWithdrawn'
                    AND e.data->>'subjectId' = k.subject_id))
               -- A referred family's key (owner referral-…) goes with its erasure event (ADR 0039).
               OR (k.case_id LIKE 'referral-%' AND EXISTS (
                 SELECT 1 FROM events e
                  WHERE e.stream_id = 'network-' || k.case_id AND e.type = 'NetworkReferralFamilyErased'
                    AND e.data->>'subjectId' = k.subject_id)))`);
  return [
    ...holds.map((h): TamperFinding =>
      h.held
        ? {
            streamId: h.stream_id ?? `case-${h.case_id}`,
            kind: 'hold_without_event',
            detail: `case ${h.case_id} has a hold row, but ${h.last_event ? 'its last hold event lifted it' : 'no hold event'}`,
          }
        : {
            streamId: h.stream_id,
            kind: 'hold_removed',
            detail: `case ${h.case_id}: LegalHoldPlaced is its last hold event, but the hold row is gone`,
          },
    ),
    ...keys.map((k): TamperFinding =>
      k.erased
        ? {
            streamId: `case-${k.case_id}`,
            kind: 'key_destroyed_without_event',
            detail: `the key of subject ${k.subject_id} is destroyed, but no DataSubjectErased event says so`,
          }
        : {
            streamId: `case-${k.case_id}`,
            kind: 'erased_key_restored',
            detail: `subject ${k.subject_id} was erased, but their key is there again`,
          },
    ),
  ];
}
