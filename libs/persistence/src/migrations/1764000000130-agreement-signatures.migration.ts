import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764000000004-app-role-grants.migration';

/**
 * Signatures of agreement versions (docs/adr/0015): each row one act of an organisation's
 * administrator, `signed` or `withdrawn`, next to its AgreementVersionSigned /
 * AgreementSignatureWithdrawn event (stream `agreement-<id>`, same transaction). Append-only like
 * the log: a withdrawal is a new row, never an update, so who signed when stays readable. A version
 * governs new crises only once every organisation it names has a `signed` row.
 */
export class AgreementSignatures1764000000130 implements MigrationInterface {
  name = 'AgreementSignatures1764000000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_signatures (
        seq             bigserial PRIMARY KEY,
        agreement_id    text NOT NULL,
        version         text NOT NULL,
        organisation_id text NOT NULL,
        action          text NOT NULL CHECK (action IN ('signed', 'withdrawn')),
        actor_id        text NOT NULL,
        at              timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX agreement_signatures_version ON agreement_signatures (agreement_id, version, seq)`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') AND current_user <> '${APP_ROLE}' THEN
          GRANT SELECT, INSERT ON agreement_signatures TO ${APP_ROLE};
          GRANT USAGE ON SEQUENCE agreement_signatures_seq_seq TO ${APP_ROLE};
          REVOKE UPDATE, DELETE, TRUNCATE ON agreement_signatures FROM ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agreement_signatures`);
  }
}
