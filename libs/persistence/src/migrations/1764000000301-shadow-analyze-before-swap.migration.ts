import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SHADOW_INDEX_300, SHADOW_SWAP_300 } from './1764000000300-shadow-rebuild.migration';

/**
 * The shadow's statistics are gathered while it is indexed, before the swap (docs/adr/0052). In
 * 1764000000300 the swap ran `ANALYZE` after renaming, inside the transaction that holds the live
 * table's ACCESS EXCLUSIVE lock, so every reader of the timeline waited for it too (a sample of
 * 30,000 rows of a table that may hold millions). Statistics belong to the table, not its name:
 * gathered on `t__rebuild`, they are t's after the rename.
 *
 * The two functions are 1764000000300's with that one statement moved; `CREATE OR REPLACE` keeps
 * their owner and grants.
 */
const ANALYZE_LIVE = `        EXECUTE format('ANALYZE %I', p_table);\n`;
const END_OF_INDEXING = `        END LOOP;\n      END $fn$`;

function edited(sql: string, from: string, to: string): string {
  const at = sql.lastIndexOf(from);
  if (at < 0) throw new Error(`migration 1764000000301: ${JSON.stringify(from)} not found`);
  return sql.slice(0, at) + to + sql.slice(at + from.length);
}

const orReplace = (sql: string) => edited(sql, 'CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');

export const SHADOW_INDEX_301 = orReplace(
  edited(
    SHADOW_INDEX_300,
    END_OF_INDEXING,
    `        END LOOP;\n        -- After the indexes (ANALYZE also samples expression indexes), before the swap's lock.\n        EXECUTE format('ANALYZE %I', v_shadow);\n      END $fn$`,
  ),
);

export const SHADOW_SWAP_301 = orReplace(edited(SHADOW_SWAP_300, ANALYZE_LIVE, ''));

export class ShadowAnalyzeBeforeSwap1764000000301 implements MigrationInterface {
  name = 'ShadowAnalyzeBeforeSwap1764000000301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(SHADOW_INDEX_301);
    await q.query(SHADOW_SWAP_301);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(orReplace(SHADOW_INDEX_300));
    await q.query(orReplace(SHADOW_SWAP_300));
  }
}
