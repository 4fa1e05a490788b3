import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each projection keeps its own place per stream: an event at or below the stored version was
 * applied before (a redelivery) and is skipped, in the same transaction as the read-model write.
 */
export class ProjectionCheckpoints1764000000002 implements MigrationInterface {
  name = 'ProjectionCheckpoints1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_checkpoints (
        projection      text NOT NULL,
        stream_id       text NOT NULL,
        stream_version  integer NOT NULL,
        global_position bigint NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, stream_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_checkpoints`);
  }
}
