import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task inbox read model: one row per task of a crisis, with the organisation that holds it
 * now. A change notifies the API (channel `hilfenetz_task_inbox`, payload: the organisation id),
 * which pushes it to that organisation's open inboxes (Server-Sent Events).
 */
export class TaskInbox1764000000100 implements MigrationInterface {
  name = 'TaskInbox1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_inbox (
        crisis_id        text NOT NULL,
        task_id          text NOT NULL,
        case_id          text NOT NULL,
        kind             text NOT NULL,
        party            text NOT NULL,
        organisation_id  text NOT NULL,
        contact_id       text,
        status           text NOT NULL,
        deadline         timestamptz,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        acknowledged_by  text,
        acknowledged_at  timestamptz,
        escalations      integer NOT NULL DEFAULT 0,
        PRIMARY KEY (crisis_id, task_id)
      )`);
    await q.query(`CREATE INDEX task_inbox_by_org ON task_inbox (organisation_id, status, deadline)`);
    await q.query(`
      CREATE FUNCTION task_inbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hilfenetz_task_inbox', NEW.organisation_id);
        IF TG_OP = 'UPDATE' AND OLD.organisation_id <> NEW.organisation_id THEN
          PERFORM pg_notify('hilfenetz_task_inbox', OLD.organisation_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER task_inbox_changed AFTER INSERT OR UPDATE ON task_inbox
      FOR EACH ROW EXECUTE FUNCTION task_inbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_inbox`);
    await q.query(`DROP FUNCTION task_inbox_notify`);
  }
}
