import { caseStreamId, emptyCaseFacts, foldCaseFacts, type CaseFacts } from '@hilfenetz/domain';
import type { EventStore } from '@hilfenetz/event-store';
import { selectCaseFacts, type Sql } from './case-facts.table';

/**
 * The typed facts of a case, always current: the snapshot the projector keeps in `case_facts`
 * plus the events after its stream version, read from the store and folded on top (docs/adr/0012).
 * A case registered a moment ago, or a crisis triggered right after, is seen at once; a long
 * stream costs one row and its short tail, not a full re-read.
 */
export class CaseFactsRepository {
  constructor(
    private readonly sql: Sql,
    private readonly store: Pick<EventStore, 'readStream'>,
  ) {}

  /** The facts now; `version` 0 when nothing was recorded for the case. */
  async get(caseId: string): Promise<CaseFacts> {
    const snapshot = (await selectCaseFacts(this.sql, [caseId])).get(caseId) ?? emptyCaseFacts(caseId);
    return this.current(snapshot);
  }

  /** The facts now, or null when nothing was recorded for the case. */
  async find(caseId: string): Promise<CaseFacts | null> {
    const facts = await this.get(caseId);
    return facts.version > 0 ? facts : null;
  }

  /** The facts of several cases now (one snapshot query, one tail read each). */
  async getMany(caseIds: readonly string[]): Promise<Map<string, CaseFacts>> {
    const ids = [...new Set(caseIds)];
    const snapshots = await selectCaseFacts(this.sql, ids);
    const current = await Promise.all(ids.map((id) => this.current(snapshots.get(id) ?? emptyCaseFacts(id))));
    return new Map(current.map((f) => [f.caseId, f]));
  }

  private async current(snapshot: CaseFacts): Promise<CaseFacts> {
    const tail = await this.store.readStream(caseStreamId(snapshot.caseId), { afterVersion: snapshot.version });
    return foldCaseFacts(snapshot, tail);
  }
}
