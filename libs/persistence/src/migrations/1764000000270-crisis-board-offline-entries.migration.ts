import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The crisis board's record of what arrived late from a device that was offline (issue 19,
 * docs/adr/0034): a trigger that joined the crisis (`CrisisTriggerJoined`) and an answer the task
 * no longer took (`TaskAnswerSuperseded`). Ids, kinds and times only — the sealed situation stays
 * in the log. Filled by the projector; `npm run projections:rebuild` fills it for earlier crises.
 */
export class CrisisBoardOfflineEntries1764000000270 implements MigrationInterface {
  name = 'CrisisBoardOfflineEntries1764000000270';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crisis_board ADD COLUMN offline_entries jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crisis_board DROP COLUMN offline_entries`);
  }
}
