import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a break-glass review came to, readable without the event log (issue 12: no SQL on `events`
 * outside the event store). The supervisor's sealed note is written into the review's row by the
 * API, in the transaction that appends BreakGlassReviewDecided; an overdue review's escalation is
 * written by the review workflow, so the projector keeps it in `break_glass_review_escalations`
 * (a read model: emptied and refilled on rebuild). Both are filled from the events already stored.
 */
export class BreakGlassReviewOutcomes1764000000151 implements MigrationInterface {
  name = 'BreakGlassReviewOutcomes1764000000151';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE break_glass_reviews ADD COLUMN decision_note jsonb`);
    await q.query(`
      UPDATE break_glass_reviews r SET decision_note = e.data->'note'
      FROM events e
      WHERE e.stream_id = 'case-' || r.case_id AND e.type = 'BreakGlassReviewDecided'
        AND e.data->>'accessId' = r.review_id::text AND e.data ? 'note'`);
    await q.query(`
      CREATE TABLE break_glass_review_escalations (
        review_id    bigint PRIMARY KEY,
        case_id      text NOT NULL,
        escalated_at timestamptz NOT NULL
      )`);
    await q.query(`
      INSERT INTO break_glass_review_escalations (review_id, case_id, escalated_at)
      SELECT (e.data->>'accessId')::bigint, e.data->>'caseId', (e.data->>'escalatedAt')::timestamptz
      FROM events e WHERE e.type = 'BreakGlassReviewEscalated'
      ON CONFLICT (review_id) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE break_glass_review_escalations`);
    await q.query(`ALTER TABLE break_glass_reviews DROP COLUMN decision_note`);
  }
}
