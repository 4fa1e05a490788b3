import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Missed deadlines of the child-protection steps as items of the error analysis (issue 18 §3, ADR
 * 0041): a §4 (4) KKG feedback not given in time and a §8a step past its deadline become rows of
 * `quality_interface_items` (kinds `kkg_feedback_missed`, `risk_assessment_deadline_missed`) at the
 * lead office that owed them. Their reminder names only the process, so this table keeps, per §4
 * KKG report and §8a assessment, its case and lead office (NOT anonymous, like the items). The
 * projector fills it (`quality-interface-items`); `npm run projections:rebuild
 * quality-interface-items` adds the past's missed deadlines on an existing installation.
 */
export class QualityDeadlineItems1764000000275 implements MigrationInterface {
  name = 'QualityDeadlineItems1764000000275';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quality_item_processes (
        process_id           text PRIMARY KEY,
        case_id              text NOT NULL,
        lead_organisation_id text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE quality_item_processes`);
  }
}
