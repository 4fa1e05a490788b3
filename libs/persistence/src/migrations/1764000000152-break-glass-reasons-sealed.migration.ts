import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Break-glass reasons sealed (issue 13, finding 4; docs/adr/0018): an emergency reader's stated
 * reason is free text about the young person, so the access log and the review row keep it sealed
 * under the case's subject key (`reason_sealed`), like the BreakGlassAccess event (version 2).
 * Rows written before keep their clear `reason`: without the master key a migration cannot seal
 * them, so every read path masks them once the young person is erased, as for version 1 events.
 */
export class BreakGlassReasonsSealed1764000000152 implements MigrationInterface {
  name = 'BreakGlassReasonsSealed1764000000152';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_access_log ADD COLUMN reason_sealed jsonb`);
    // A break-glass read still needs its reason: sealed now, in clear in the rows written before.
    await q.query(`ALTER TABLE case_access_log DROP CONSTRAINT break_glass_needs_reason`);
    await q.query(`
      ALTER TABLE case_access_log ADD CONSTRAINT break_glass_needs_reason
        CHECK (NOT break_glass OR reason_sealed IS NOT NULL OR length(trim(reason)) >= 10)`);
    await q.query(`ALTER TABLE break_glass_reviews ADD COLUMN reason_sealed jsonb`);
    await q.query(`ALTER TABLE break_glass_reviews ALTER COLUMN reason DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE break_glass_reviews DROP COLUMN reason_sealed`);
    await q.query(`ALTER TABLE case_access_log DROP CONSTRAINT break_glass_needs_reason`);
    await q.query(`ALTER TABLE case_access_log DROP COLUMN reason_sealed`);
    await q.query(`
      ALTER TABLE case_access_log ADD CONSTRAINT break_glass_needs_reason
        CHECK (NOT break_glass OR length(trim(reason)) >= 10)`);
  }
}
