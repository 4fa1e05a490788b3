import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case directory read model: one row per registered case with its pseudonymous reference,
 * lead organisation and registration time, for finding a case by reference prefix. It holds no
 * personal data; the case file itself stays in the event stream (encrypted).
 */
export class CaseDirectory1764000000102 implements MigrationInterface {
  name = 'CaseDirectory1764000000102';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        case_id              text PRIMARY KEY,
        lead_organisation_id text NOT NULL,
        registered_at        timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX cases_by_org_ref ON cases (lead_organisation_id, case_id text_pattern_ops, registered_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases`);
  }
}
