import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The timeline's SLA figures as a read model: one row per task of a case (opened when, by which
 * party, first acknowledged when, escalated how often). The timeline page computed them by loading
 * every task event of the case on each page: 8,459 rows and 300–570 ms for a case of 10,000 events
 * (`npm run bench:timeline`). Filled by the projector (`case-task-sla`); `npm run
 * projections:rebuild case-task-sla` fills it from the log on an existing installation.
 */
export class CaseTaskSla1764000000240 implements MigrationInterface {
  name = 'CaseTaskSla1764000000240';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_task_sla (
        case_id          text NOT NULL,
        task_key         text NOT NULL,
        crisis_id        text,
        task_id          text NOT NULL,
        party            text,
        opened_version   integer,
        opened_at        timestamptz,
        acknowledged_at  timestamptz,
        escalations      integer NOT NULL DEFAULT 0,
        PRIMARY KEY (case_id, task_key)
      )`);
    await q.query(
      `CREATE INDEX case_task_sla_opened ON case_task_sla (case_id, opened_version) WHERE opened_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_task_sla`);
  }
}
