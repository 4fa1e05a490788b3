import type { EventMetadata, SealedText } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { TransactionalEventStore } from '../event-store.port';
import type { PersonalDataVault } from './personal-data-vault';
import { LegalHoldActive, UnknownDataSubject } from './personal-data.errors';

const ERASURE_NAMESPACE = 'b3f4a0c2-7d3e-4f55-8a0e-5c2d9e1f7a64';

export interface ErasureRequest {
  subjectId: string;
  /** Sealed by the caller under `subjectId`'s key before the key goes (docs/adr/0018). */
  reason: SealedText;
  now: string;
  metadata: EventMetadata;
}

/**
 * Erases a data subject: records DataSubjectErased in the case stream and destroys the subject's
 * key in one transaction, the event first (the key's function refuses without it, docs/adr/0016).
 * Repeating it changes nothing; a legal hold makes it fail.
 */
export async function eraseDataSubject(
  ds: DataSource,
  store: TransactionalEventStore,
  vault: PersonalDataVault,
  req: ErasureRequest,
): Promise<{ caseId: string; alreadyErased: boolean }> {
  return ds.transaction(async (m) => {
    const [subject]: { case_id: string }[] = await m.query(
      `SELECT case_id FROM data_subject_keys WHERE subject_id = $1`,
      [req.subjectId],
    );
    if (!subject) throw new UnknownDataSubject(req.subjectId);
    const caseId = subject.case_id;
    // The stream's lock before the first write: per stream, transaction ids must follow the
    // versions (ADR 0003). Under it, no other erasure or hold of this case runs.
    await store.lockStream(m, caseStreamId(caseId));
    const [state]: { erased: boolean; held: boolean }[] = await m.query(
      `SELECT erased_at IS NOT NULL AS erased, EXISTS (SELECT 1 FROM legal_holds WHERE case_id = $2) AS held
         FROM data_subject_keys WHERE subject_id = $1`,
      [req.subjectId, caseId],
    );
    if (state?.held) throw new LegalHoldActive(caseId);
    if (state?.erased) return { caseId, alreadyErased: true };
    const eventId = uuidv5(`erasure/${req.subjectId}`, ERASURE_NAMESPACE);
    await store.appendInTransaction(m, caseStreamId(caseId), [
      {
        eventId,
        type: 'DataSubjectErased',
        schemaVersion: 2,
        data: { caseId, subjectId: req.subjectId, reason: req.reason, erasedAt: req.now },
        metadata: req.metadata,
      },
    ]);
    await vault.destroyKey(m, req.subjectId, eventId);
    return { caseId, alreadyErased: false };
  });
}

/**
 * Places a legal hold (§9b SGB VIII) on a case: erasure is refused while it stands. Idempotent.
 * The hold row is written by `hilfenetz_place_legal_hold`, which requires the LegalHoldPlaced
 * event appended just before in the same transaction (docs/adr/0016).
 */
export async function placeLegalHold(
  ds: DataSource,
  store: TransactionalEventStore,
  /** `reason` sealed by the caller under the case's subject key (docs/adr/0018). */
  req: { caseId: string; reason: SealedText; now: string; metadata: EventMetadata },
): Promise<void> {
  await ds.transaction(async (m) => {
    await store.lockStream(m, caseStreamId(req.caseId)); // before the first write, see eraseDataSubject
    const held: unknown[] = await m.query(`SELECT 1 FROM legal_holds WHERE case_id = $1`, [req.caseId]);
    if (held.length > 0) return;
    const eventId = uuidv5(`legal-hold/${req.caseId}/${req.now}`, ERASURE_NAMESPACE);
    await store.appendInTransaction(m, caseStreamId(req.caseId), [
      {
        eventId,
        type: 'LegalHoldPlaced',
        schemaVersion: 2,
        data: { caseId: req.caseId, reason: req.reason, placedAt: req.now },
        metadata: req.metadata,
      },
    ]);
    await m.query(`SELECT hilfenetz_place_legal_hold($1, $2, $3, $4, $5)`, [
      req.caseId,
      // The hold row keeps the sealed reason too, never clear text.
      JSON.stringify(req.reason),
      req.metadata.actorId,
      req.now,
      eventId,
    ]);
  });
}
