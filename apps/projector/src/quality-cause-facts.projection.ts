import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';
import { qualityKey } from './quality-facts.projection';

/**
 * The anonymous side of the cause annotations (issue 18 §3, ADR 0036): per annotated item its
 * interface, agreement, month and category — no id of the item, case or person, never the note.
 * A later annotation of the same item replaces the category.
 */
export class QualityCauseFactsProjection implements Projection {
  readonly name = 'quality-cause-facts';
  readonly tables = ['quality_cause_facts'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const e = asKnownEvent(stored);
      if (e?.type !== 'InterfaceItemAnnotated') continue;
      const d = e.data;
      await m.query(
        `INSERT INTO quality_cause_facts (fact_key, agreement_id, month, party, organisation_id, category)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (fact_key) DO UPDATE SET category = EXCLUDED.category`,
        [qualityKey('annotation', d.itemId), d.agreementId, d.month, d.party, d.organisationId, d.category],
      );
    }
  }
}
