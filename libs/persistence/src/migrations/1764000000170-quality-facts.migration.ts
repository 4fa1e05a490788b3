import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts behind the anonymised quality report (issue 18 §3, docs/adr/0029), kept by the
 * projector. No case id, crisis id, task id, subject id, contact, name or free text is stored:
 * rows are keyed by a SHA-256 of the ids, only so that a later event of the same crisis, task,
 * report or assessment finds its row. The two clocks (`triggered_at`, `due_at`) stay because a
 * latency or a deadline is computed from them when the later event arrives; the report shows
 * only months and durations.
 */
export class QualityFacts1764000000170 implements MigrationInterface {
  name = 'QualityFacts1764000000170';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quality_crises (
        crisis_key              text PRIMARY KEY,
        agreement_id            text,
        month                   text NOT NULL,
        triggered_at            timestamptz NOT NULL,
        discharge_announced_at  timestamptz,
        discharge_month         text,
        planning_key            text,
        discharge_to_meeting_days integer
      )`);
    await q.query(
      `CREATE INDEX quality_crises_planning ON quality_crises (planning_key) WHERE planning_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX quality_crises_agreement_month ON quality_crises (agreement_id, month)`);
    await q.query(`
      CREATE TABLE quality_task_facts (
        task_key                   text PRIMARY KEY,
        crisis_key                 text NOT NULL,
        agreement_id               text,
        month                      text NOT NULL,
        party                      text NOT NULL,
        organisation_id            text NOT NULL,
        ack_latency_seconds        integer,
        declined                   boolean NOT NULL DEFAULT false,
        escalated_deadline_missed  boolean NOT NULL DEFAULT false,
        escalated_declined         boolean NOT NULL DEFAULT false,
        escalated_not_reached      boolean NOT NULL DEFAULT false,
        supervisor_alerted         boolean NOT NULL DEFAULT false,
        notification_fallback      boolean NOT NULL DEFAULT false,
        contact_not_reached        boolean NOT NULL DEFAULT false,
        guardian_unreachable       boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX quality_task_facts_agreement_month ON quality_task_facts (agreement_id, month)`);
    await q.query(`
      CREATE TABLE quality_network_facts (
        fact_key         text PRIMARY KEY,
        kind             text NOT NULL,
        organisation_id  text NOT NULL,
        month            text NOT NULL,
        due_at           timestamptz,
        in_time          boolean,
        decided          boolean NOT NULL DEFAULT false,
        late_steps       integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX quality_network_facts_org_month ON quality_network_facts (organisation_id, month)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE quality_network_facts`);
    await q.query(`DROP TABLE quality_task_facts`);
    await q.query(`DROP TABLE quality_crises`);
  }
}
