import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The crisis board (GET /crises) as a read model: one row per crisis with its case, its state on
 * the board and every organisation that triggered it or held one of its tasks. It was read from
 * Temporal's visibility store, whose list queries under load (50 users in `npm run bench:api`)
 * held the engine long enough for crisis steps to time out. Filled by the projector from the log
 * (a new consumer group reads the topic from the start; `npm run projections:rebuild` refills it).
 */
export class CrisisBoard1764000000160 implements MigrationInterface {
  name = 'CrisisBoard1764000000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crisis_board (
        crisis_id     text PRIMARY KEY,
        case_id       text NOT NULL,
        status        text NOT NULL,
        started_at    timestamptz NOT NULL,
        organisations text[] NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX crisis_board_organisations ON crisis_board USING gin (organisations)`);
    await q.query(`CREATE INDEX crisis_board_started ON crisis_board (started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crisis_board`);
  }
}
