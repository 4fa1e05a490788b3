import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * Which break-glass reviews went overdue and when (BreakGlassReviewEscalated, written by the
 * review workflow): what the lead office's review list shows as "überfällig" and what tells it the
 * data protection officer was informed. The rest of a review is the API's own row.
 */
export class BreakGlassReviewEscalationsProjection implements Projection {
  readonly name = 'break-glass-review-escalations';
  readonly tables = ['break_glass_review_escalations'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const e = asKnownEvent(stored);
      if (e?.type !== 'BreakGlassReviewEscalated') continue;
      await m.query(
        `INSERT INTO break_glass_review_escalations (review_id, case_id, escalated_at) VALUES ($1, $2, $3)
         ON CONFLICT (review_id) DO NOTHING`,
        [e.data.accessId, e.data.caseId, e.data.escalatedAt],
      );
    }
  }
}
