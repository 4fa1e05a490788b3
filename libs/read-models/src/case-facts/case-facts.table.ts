import type { CaseFacts } from '@hilfenetz/domain';
import type { EntityManager } from 'typeorm';

/** A transaction or the DataSource: whatever runs one parametrised statement (docs/adr/0011). */
export type Sql = Pick<EntityManager, 'query'>;

/** A row of `case_facts` (migration 120): the facts as folded up to `stream_version`. */
interface CaseFactsRow {
  case_id: string;
  stream_version: number;
  facts: CaseFacts;
}

/** The stored facts of these cases; a case without a row is absent from the map. */
export async function selectCaseFacts(sql: Sql, caseIds: readonly string[]): Promise<Map<string, CaseFacts>> {
  if (caseIds.length === 0) return new Map();
  const rows: CaseFactsRow[] = await sql.query(
    `SELECT case_id, stream_version, facts FROM case_facts WHERE case_id = ANY($1::text[])`,
    [[...new Set(caseIds)]],
  );
  return new Map(rows.map((r) => [r.case_id, { ...r.facts, version: r.stream_version }]));
}

/** Writes the facts in one statement; a row never goes back to an older stream version. */
export async function upsertCaseFacts(sql: Sql, facts: readonly CaseFacts[]): Promise<void> {
  if (facts.length === 0) return;
  await sql.query(
    `INSERT INTO case_facts (case_id, stream_version, lead_organisation_id, facts, updated_at)
     SELECT t.case_id, t.stream_version, t.lead_organisation_id, t.facts, now()
     FROM unnest($1::text[], $2::integer[], $3::text[], $4::jsonb[]) AS t(case_id, stream_version, lead_organisation_id, facts)
     ON CONFLICT (case_id) DO UPDATE
       SET stream_version = EXCLUDED.stream_version, lead_organisation_id = EXCLUDED.lead_organisation_id,
           facts = EXCLUDED.facts, updated_at = EXCLUDED.updated_at
       WHERE case_facts.stream_version < EXCLUDED.stream_version`,
    [
      facts.map((f) => f.caseId),
      facts.map((f) => f.version),
      facts.map((f) => f.leadOrganisationId),
      facts.map((f) => JSON.stringify(f)),
    ],
  );
}
