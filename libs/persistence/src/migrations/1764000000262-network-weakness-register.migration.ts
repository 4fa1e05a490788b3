import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register of weaknesses gets its network scope (issue 17 part 7, docs/adr/0039): one table,
 * `weakness_register` (ADR 0036), now with `scope` ('agreement' for the entries promoted from the
 * quality loop, 'network' for direct entries of a network's members), the network, the interface
 * as its members name it, the coordinating office's group and its proposal to a committee or for
 * the next agreement version. A network entry has no agreement, party, category or source item.
 */
export class NetworkWeaknessRegister1764000000262 implements MigrationInterface {
  name = 'NetworkWeaknessRegister1764000000262';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE weakness_register
        ADD COLUMN scope text NOT NULL DEFAULT 'agreement',
        ADD COLUMN network_id text,
        ADD COLUMN interface_label text,
        ADD COLUMN group_label text,
        ADD COLUMN proposal jsonb,
        ALTER COLUMN agreement_id DROP NOT NULL,
        ALTER COLUMN party DROP NOT NULL,
        ALTER COLUMN organisation_id DROP NOT NULL,
        ALTER COLUMN category DROP NOT NULL,
        ALTER COLUMN source_item_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE weakness_register ADD CONSTRAINT weakness_register_scope CHECK (
        (scope = 'agreement' AND agreement_id IS NOT NULL AND network_id IS NULL)
        OR (scope = 'network' AND network_id IS NOT NULL AND agreement_id IS NULL))`);
    await q.query(`CREATE INDEX weakness_register_network ON weakness_register (network_id, registered_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM weakness_register WHERE scope = 'network'`);
    await q.query(`DROP INDEX weakness_register_network`);
    await q.query(`ALTER TABLE weakness_register DROP CONSTRAINT weakness_register_scope`);
    await q.query(`
      ALTER TABLE weakness_register
        DROP COLUMN scope, DROP COLUMN network_id, DROP COLUMN interface_label, DROP COLUMN group_label,
        DROP COLUMN proposal,
        ALTER COLUMN agreement_id SET NOT NULL, ALTER COLUMN party SET NOT NULL,
        ALTER COLUMN organisation_id SET NOT NULL, ALTER COLUMN category SET NOT NULL,
        ALTER COLUMN source_item_id SET NOT NULL`);
  }
}
