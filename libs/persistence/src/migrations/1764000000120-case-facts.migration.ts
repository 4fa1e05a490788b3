import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case facts read model (issue 12): one row per case stream with the typed facts folded up to
 * `stream_version` (lead office, Träger, guardians with sealed details, crises with their agreement
 * version, participants, legal hold, erasure). Readers fold the events after `stream_version` on
 * top, so a row that lags behind the log is still read as current (docs/adr/0012). No personal
 * data in clear: the young person's and the guardians' details stay sealed under the subject's key.
 */
export class CaseFacts1764000000120 implements MigrationInterface {
  name = 'CaseFacts1764000000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_facts (
        case_id              text PRIMARY KEY,
        stream_version       integer NOT NULL,
        lead_organisation_id text,
        facts                jsonb NOT NULL,
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_facts`);
  }
}
