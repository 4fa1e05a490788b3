import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decline reason category of a crisis task (issue 18 §3): one of the agreement's categories,
 * never free text or a person; null when the task was not declined or the decline named none.
 * Every decline before categories named none, so the rows already kept need no rebuild.
 */
export class QualityDeclineCategories1764000000285 implements MigrationInterface {
  name = 'QualityDeclineCategories1764000000285';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality_task_facts ADD COLUMN decline_category text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality_task_facts DROP COLUMN decline_category`);
  }
}
