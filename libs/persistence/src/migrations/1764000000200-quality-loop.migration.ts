import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quality loop's read models (issue 18 §3, docs/adr/0036), kept by the projector:
 *
 * - `quality_interface_items` — the lead office's own items at the interfaces (escalations,
 *   declines, contacts not reached) with their annotation. NOT anonymous: it names the case and
 *   the crisis, so the API reads it only for the case's lead office and logs each case it shows.
 *   `quality_item_crises` / `quality_item_tasks` hold what a later event needs to place its item.
 * - `quality_cause_facts` — the anonymous side: per annotated item its interface, agreement, month
 *   and category, keyed by a SHA-256 like the other quality_* facts; no id, no note.
 * - `weakness_register` — the agreement's register of weaknesses and change proposals.
 */
export class QualityLoop1764000000200 implements MigrationInterface {
  name = 'QualityLoop1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quality_item_crises (
        crisis_id     text PRIMARY KEY,
        case_id       text NOT NULL,
        agreement_id  text,
        month         text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE quality_item_tasks (
        crisis_id        text NOT NULL,
        task_id          text NOT NULL,
        party            text NOT NULL,
        organisation_id  text NOT NULL,
        PRIMARY KEY (crisis_id, task_id)
      )`);
    await q.query(`
      CREATE TABLE quality_interface_items (
        item_id           text PRIMARY KEY,
        dedupe_key        text NOT NULL UNIQUE,
        kind              text NOT NULL,
        escalation_cause  text,
        case_id           text NOT NULL,
        crisis_id         text NOT NULL,
        task_id           text NOT NULL,
        party             text NOT NULL,
        organisation_id   text NOT NULL,
        agreement_id      text,
        month             text NOT NULL,
        occurred_at       timestamptz NOT NULL,
        category          text,
        note              jsonb,
        annotated_at      timestamptz
      )`);
    await q.query(`CREATE INDEX quality_interface_items_case ON quality_interface_items (case_id)`);
    await q.query(
      `CREATE INDEX quality_interface_items_agreement_month ON quality_interface_items (agreement_id, month, occurred_at DESC)`,
    );
    await q.query(`
      CREATE TABLE quality_cause_facts (
        fact_key         text PRIMARY KEY,
        agreement_id     text NOT NULL,
        month            text NOT NULL,
        party            text NOT NULL,
        organisation_id  text NOT NULL,
        category         text NOT NULL
      )`);
    await q.query(`CREATE INDEX quality_cause_facts_agreement_month ON quality_cause_facts (agreement_id, month)`);
    await q.query(`
      CREATE TABLE weakness_register (
        weakness_id        text PRIMARY KEY,
        agreement_id       text NOT NULL,
        kind               text NOT NULL,
        what               text NOT NULL,
        party              text NOT NULL,
        organisation_id    text NOT NULL,
        category           text NOT NULL,
        example            text NOT NULL,
        source_item_id     text NOT NULL,
        status             text NOT NULL,
        registered_by      jsonb NOT NULL,
        registered_at      timestamptz NOT NULL,
        status_changed_by  jsonb NOT NULL,
        status_changed_at  timestamptz NOT NULL,
        history            jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`CREATE INDEX weakness_register_agreement ON weakness_register (agreement_id, registered_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE weakness_register`);
    await q.query(`DROP TABLE quality_cause_facts`);
    await q.query(`DROP TABLE quality_interface_items`);
    await q.query(`DROP TABLE quality_item_tasks`);
    await q.query(`DROP TABLE quality_item_crises`);
  }
}
