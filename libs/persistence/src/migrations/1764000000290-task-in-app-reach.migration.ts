import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per crisis task, its current in-app attempt and what its receipts say (docs/adr/0046): the API
 * finds here the attempt an open client's receipt belongs to, and the crisis view shows delivery
 * and "gesehen" from here while the workflow only looks at the receipt when the window ends.
 * A table beside `task_inbox`, not columns of it: `task_inbox`'s trigger tells every inbox of a
 * change, and a receipt changes nothing an inbox lists. Filled by the projector (rebuildable).
 */
export class TaskInAppReach1764000000290 implements MigrationInterface {
  name = 'TaskInAppReach1764000000290';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_in_app_reach (
        crisis_id      text NOT NULL,
        task_id        text NOT NULL,
        attempt_id     text NOT NULL,
        contact_id     text NOT NULL,
        receipt_in_log boolean NOT NULL,
        attempted_at   timestamptz NOT NULL,
        delivered_at   timestamptz,
        seen           boolean NOT NULL DEFAULT false,
        PRIMARY KEY (crisis_id, task_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_in_app_reach`);
  }
}
