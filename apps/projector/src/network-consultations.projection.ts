import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * A network's consultations without their texts (issue 17 part 5, docs/adr/0039): for the meetings'
 * case examples and the annual report's count. The sealed topic, question and answers never reach it.
 */
export class NetworkConsultationsProjection implements Projection {
  readonly name = 'network-consultations';
  readonly tables = ['network_consultations'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const e = asKnownEvent(stored);
      if (e?.type === 'NetworkConsultationRequested') {
        const d = e.data;
        const to = d.addressedTo;
        await m.query(
          `INSERT INTO network_consultations
             (consultation_id, network_id, asked_by_organisation_id, addressed_to_kind, addressed_to_organisation_id,
              specialty, asked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (consultation_id) DO NOTHING`,
          [
            d.consultationId,
            d.networkId,
            d.askedBy.organisationId,
            to.kind,
            to.kind === 'specialist' ? to.organisationId : null,
            to.kind === 'specialist' ? to.specialty : null,
            d.askedAt,
          ],
        );
      } else if (e?.type === 'NetworkConsultationAnswered') {
        // Kept as ids, so a redelivered event is not counted twice.
        await m.query(
          `UPDATE network_consultations SET answer_ids = array_append(answer_ids, $2)
           WHERE consultation_id = $1 AND NOT ($2 = ANY (answer_ids))`,
          [e.data.consultationId, e.data.answerId],
        );
      } else if (e?.type === 'NetworkConsultationCaseExampleMarked') {
        await m.query(
          `UPDATE network_consultations SET case_example = $2, case_example_marked_at = $3 WHERE consultation_id = $1`,
          [e.data.consultationId, e.data.caseExample, e.data.markedAt],
        );
      }
    }
  }
}
