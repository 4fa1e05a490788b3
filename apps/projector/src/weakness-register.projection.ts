import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * The agreement's register of weaknesses and change proposals (issue 18 §3, ADR 0036), with every
 * status change (who, when) in `history`. Agreement-scoped; a network-level register (issue 17)
 * can grow beside it under the same `weakness-register` name.
 */
export class WeaknessRegisterProjection implements Projection {
  readonly name = 'weakness-register';
  readonly tables = ['weakness_register'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const e = asKnownEvent(stored);
      if (e?.type === 'WeaknessRegistered') {
        const d = e.data;
        const entry = JSON.stringify([{ status: 'open', changedBy: d.registeredBy, changedAt: d.registeredAt }]);
        await m.query(
          `INSERT INTO weakness_register
             (weakness_id, agreement_id, kind, what, party, organisation_id, category, example, source_item_id,
              status, registered_by, registered_at, status_changed_by, status_changed_at, history)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $10, $11, $12)
           ON CONFLICT (weakness_id) DO NOTHING`,
          [
            d.weaknessId,
            d.agreementId,
            d.kind,
            d.what,
            d.party,
            d.organisationId,
            d.category,
            d.example,
            d.sourceItemId,
            JSON.stringify(d.registeredBy),
            d.registeredAt,
            entry,
          ],
        );
      } else if (e?.type === 'WeaknessStatusChanged') {
        const d = e.data;
        // Redelivery of the same change must not add it twice: the change's time and status identify it.
        await m.query(
          `UPDATE weakness_register
           SET status = $2, status_changed_by = $3::jsonb, status_changed_at = $4, history = history || $5::jsonb
           WHERE weakness_id = $1 AND NOT history @> $6::jsonb`,
          [
            d.weaknessId,
            d.status,
            JSON.stringify(d.changedBy),
            d.changedAt,
            JSON.stringify([{ status: d.status, changedBy: d.changedBy, changedAt: d.changedAt }]),
            JSON.stringify([{ status: d.status, changedAt: d.changedAt }]),
          ],
        );
      }
    }
  }
}
