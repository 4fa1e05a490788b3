import type { EventMetadata } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { TransactionalEventStore } from '../event-store.port';
import type { PersonalDataVault } from './personal-data-vault';

const ERASURE_NAMESPACE = 'b3f4a0c2-7d3e-4f55-8a0e-5c2d9e1f7a64';

export interface ErasureRequest {
  subjectId: string;
  reason: string;
  now: string;
  metadata: EventMetadata;
}

/**
 * Erases a data subject: records DataSubjectErased in the case stream and destroys the subject's
 * key in one transaction. Repeating it changes nothing; a legal hold makes it fail.
 */
export async function eraseDataSubject(
  ds: DataSource,
  store: TransactionalEventStore,
  vault: PersonalDataVault,
  req: ErasureRequest,
): Promise<{ caseId: string; alreadyErased: boolean }> {
  return ds.transaction(async (m) => {
    // The stream's lock before the first write (destroyKey's row lock assigns the transaction id):
    // per stream, transaction ids must follow the versions (ADR 0003).
    const [subject]: { case_id: string }[] = await m.query(
      `SELECT case_id FROM data_subject_keys WHERE subject_id = $1`,
      [req.subjectId],
    );
    if (subject) await store.lockStream(m, caseStreamId(subject.case_id));
    const result = await vault.destroyKey(m, req.subjectId);
    if (!result.alreadyErased) {
      await store.appendInTransaction(m, caseStreamId(result.caseId), [
        {
          eventId: uuidv5(`erasure/${req.subjectId}`, ERASURE_NAMESPACE),
          type: 'DataSubjectErased',
          schemaVersion: 1,
          data: { caseId: result.caseId, subjectId: req.subjectId, reason: req.reason, erasedAt: req.now },
          metadata: req.metadata,
        },
      ]);
    }
    return result;
  });
}

/** Places a legal hold (§9b SGB VIII) on a case: erasure is refused while it stands. Idempotent. */
export async function placeLegalHold(
  ds: DataSource,
  store: TransactionalEventStore,
  req: { caseId: string; reason: string; now: string; metadata: EventMetadata },
): Promise<void> {
  await ds.transaction(async (m) => {
    await store.lockStream(m, caseStreamId(req.caseId)); // before the first write, see eraseDataSubject
    const inserted: unknown[] = await m.query(
      `INSERT INTO legal_holds (case_id, reason, placed_by, placed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [req.caseId, req.reason, req.metadata.actorId, req.now],
    );
    if (inserted.length === 0) return;
    await store.appendInTransaction(m, caseStreamId(req.caseId), [
      {
        eventId: uuidv5(`legal-hold/${req.caseId}/${req.now}`, ERASURE_NAMESPACE),
        type: 'LegalHoldPlaced',
        schemaVersion: 1,
        data: { caseId: req.caseId, reason: req.reason, placedAt: req.now },
        metadata: req.metadata,
      },
    ]);
  });
}
