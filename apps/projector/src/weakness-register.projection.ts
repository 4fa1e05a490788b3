import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * The agreement's register of weaknesses and change proposals (issue 18 §3, ADR 0036), with every
 * status change (who, when) in `history`. Two scopes in one table: the agreement's entries promoted
 * from the quality loop, and a network's direct entries (issue 17 part 7, ADR 0039) with the
 * coordinating office's group and proposal.
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
      } else if (e?.type === 'NetworkWeaknessRecorded') {
        const d = e.data;
        const entry = JSON.stringify([{ status: 'open', changedBy: d.recordedBy, changedAt: d.recordedAt }]);
        await m.query(
          `INSERT INTO weakness_register
             (weakness_id, scope, network_id, kind, what, interface_label, example,
              status, registered_by, registered_at, status_changed_by, status_changed_at, history)
           VALUES ($1, 'network', $2, $3, $4, $5, $6, 'open', $7, $8, $7, $8, $9)
           ON CONFLICT (weakness_id) DO NOTHING`,
          [
            d.weaknessId,
            d.networkId,
            d.kind,
            d.what,
            d.where,
            d.example,
            JSON.stringify(d.recordedBy),
            d.recordedAt,
            entry,
          ],
        );
      } else if (e?.type === 'NetworkWeaknessesGrouped') {
        await m.query(
          `UPDATE weakness_register SET group_label = $3 WHERE network_id = $1 AND weakness_id = ANY ($2)`,
          [e.data.networkId, e.data.weaknessIds, e.data.group],
        );
      } else if (e?.type === 'NetworkWeaknessProposed') {
        await m.query(`UPDATE weakness_register SET proposal = $3 WHERE network_id = $1 AND weakness_id = $2`, [
          e.data.networkId,
          e.data.weaknessId,
          JSON.stringify({ target: e.data.target, text: e.data.proposal }),
        ]);
      } else if (e?.type === 'WeaknessStatusChanged' || e?.type === 'NetworkWeaknessStatusChanged') {
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
