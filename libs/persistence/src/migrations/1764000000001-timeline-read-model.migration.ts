import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models: rebuildable from the event store at any time, so no foreign keys into it. */
export class TimelineReadModel1764000000001 implements MigrationInterface {
  name = 'TimelineReadModel1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timeline_entries (
        event_id        uuid PRIMARY KEY,
        case_id         text NOT NULL,
        global_position bigint NOT NULL,
        stream_version  integer NOT NULL,
        type            text NOT NULL,
        occurred_at     timestamptz NOT NULL,
        actor_id        text NOT NULL,
        actor_role      text NOT NULL,
        organisation_id text,
        data            jsonb NOT NULL,
        projected_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX timeline_entries_case ON timeline_entries (case_id, stream_version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE timeline_entries`);
  }
}
