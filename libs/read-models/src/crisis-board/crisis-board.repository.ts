import type { CrisisOfflineEntry } from '@hilfenetz/contracts';
import type { Sql } from '../case-facts/case-facts.table';

/** A crisis as the board lists it (table `crisis_board`, migration 160; kept by the projector). */
export interface CrisisBoardRow {
  crisisId: string;
  caseId: string;
  /** open, admitted, not_admitted, discharged or cancelled. */
  status: string;
  startedAt: string;
  /** Who triggered it and every organisation that held one of its tasks, in the order they joined. */
  organisations: string[];
}

/** The crisis board: the crises an organisation takes part in, newest first. */
export class CrisisBoardRepository {
  constructor(private readonly sql: Sql) {}

  /** `statuses` null: every status. At most `limit` crises. */
  async listFor(organisationId: string, statuses: readonly string[] | null, limit: number): Promise<CrisisBoardRow[]> {
    const rows: { crisis_id: string; case_id: string; status: string; started_at: Date; organisations: string[] }[] =
      await this.sql.query(
        `SELECT crisis_id, case_id, status, started_at, organisations FROM crisis_board
         WHERE organisations @> ARRAY[$1]::text[] AND ($2::text[] IS NULL OR status = ANY($2::text[]))
         ORDER BY started_at DESC, crisis_id
         LIMIT $3`,
        [organisationId, statuses, limit],
      );
    return rows.map((r) => ({
      crisisId: r.crisis_id,
      caseId: r.case_id,
      status: r.status,
      startedAt: r.started_at.toISOString(),
      organisations: r.organisations,
    }));
  }

  /** What arrived late from offline devices for one crisis, in the order it arrived (migration 270). */
  async offlineEntriesOf(crisisId: string): Promise<CrisisOfflineEntry[]> {
    const [row]: { offline_entries: CrisisOfflineEntry[] }[] = await this.sql.query(
      `SELECT offline_entries FROM crisis_board WHERE crisis_id = $1`,
      [crisisId],
    );
    return row?.offline_entries ?? [];
  }
}
