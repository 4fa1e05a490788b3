import type { StoredEvent } from '@hilfenetz/contracts';
import { caseIdFromStreamId, emptyCaseFacts, evolveCaseFacts, type CaseFacts } from '@hilfenetz/domain';
import { selectCaseFacts, upsertCaseFacts } from '@hilfenetz/read-models';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * The case facts (docs/adr/0012): per case stream, the typed facts folded by `evolveCaseFacts` up
 * to the last applied stream version, in one row. A batch reads the rows of its cases once, folds
 * every fresh event (each advances the version, read or not) and writes them back in one statement.
 */
export class CaseFactsProjection implements Projection {
  readonly name = 'case-facts';
  readonly tables = ['case_facts'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    const ofCase = events.flatMap((e) => {
      const caseId = caseIdFromStreamId(e.streamId);
      return caseId ? [{ caseId, e }] : [];
    });
    if (ofCase.length === 0) return;
    const facts = await selectCaseFacts(
      m,
      ofCase.map((x) => x.caseId),
    );
    const changed = new Map<string, CaseFacts>();
    for (const { caseId, e } of ofCase) {
      const before = changed.get(caseId) ?? facts.get(caseId) ?? emptyCaseFacts(caseId);
      changed.set(caseId, evolveCaseFacts(before, e));
    }
    await upsertCaseFacts(m, [...changed.values()]);
  }
}
