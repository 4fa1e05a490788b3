import { asKnownEvent, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * The case directory: every registered case with its lead organisation, for GET /cases?ref=.
 * Only the reference, the lead and the registration time: the young person's data stays sealed
 * in the case stream.
 */
export class CaseDirectoryProjection implements Projection {
  readonly name = 'case-directory';
  readonly tables = ['cases'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const e = asKnownEvent(stored);
      if (e?.type !== 'CaseRegistered') continue;
      const d = e.data;
      await m.query(
        `INSERT INTO cases (case_id, lead_organisation_id, registered_at) VALUES ($1, $2, $3)
         ON CONFLICT (case_id) DO NOTHING`,
        [d.caseId, d.leadOrganisationId, d.registeredAt],
      );
    }
  }
}
