import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task inbox holds more than crisis tasks (issues 13 and 18): the review of a break-glass read,
 * the due steps of a §8a risk assessment, the §4 KKG feedback duty and the feedback the reporter
 * receives. These are not the whole organisation's business: `audience_roles` names the roles of
 * the holding organisation that see the row (NULL: every task holder, as for crisis tasks).
 * `subject_id` is the id of the process the row belongs to (review, assessment, report) and
 * `detail` the few clear facts a card shows (ids, booleans; never free text). Rows are projected
 * from events, so a rebuild fills the columns for the past, too.
 */
export class TaskInboxProcessTasks1764000000180 implements MigrationInterface {
  name = 'TaskInboxProcessTasks1764000000180';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE task_inbox
        ADD COLUMN audience_roles text[],
        ADD COLUMN subject_id     text,
        ADD COLUMN detail         jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_inbox DROP COLUMN audience_roles, DROP COLUMN subject_id, DROP COLUMN detail`);
  }
}
