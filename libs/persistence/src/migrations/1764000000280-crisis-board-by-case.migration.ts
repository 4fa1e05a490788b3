import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trigger for a case without a claim row (crises from before docs/adr/0034) asks the crisis
 * board for the case's crises not yet ended: by case, not by scanning the board.
 */
export class CrisisBoardByCase1764000000280 implements MigrationInterface {
  name = 'CrisisBoardByCase1764000000280';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX crisis_board_case ON crisis_board (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX crisis_board_case`);
  }
}
