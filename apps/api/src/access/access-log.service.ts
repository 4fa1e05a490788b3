import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type AccessLogResponse,
  type CaseResource,
  type Principal,
  type SealedText,
} from '@hilfenetz/contracts';
import type { PersonalDataVault } from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { showFreeText } from '../cases/free-text';
import { DATA_SOURCE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { AccessRecordsService } from './access-records.service';
import { decideCaseAccess, type AccessPurpose } from './case-access.policy';
import { caseNotFound } from './case-not-found';

interface AccessLogRow {
  id: string;
  case_id: string;
  resource: CaseResource;
  user_id: string;
  user_role: string;
  organisation_id: string;
  purpose: AccessPurpose;
  break_glass: boolean;
  /** Rows written before reasons were sealed (migration 152) hold the clear text here. */
  reason: string | null;
  reason_sealed: SealedText | null;
  correlation_id: string;
  accessed_at: Date;
}

/** The access log of a case, as its lead organisation's supervisors and auditors read it. */
@Injectable()
export class AccessLogService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly facts: CaseFactsRepository,
    private readonly records: AccessRecordsService,
  ) {}

  /**
   * The access log of a case, for the lead organisation's supervisors and auditors: `page.limit`
   * entries after the entry `page.after` (oldest first), and whether more follow. Bounded, as a
   * case read often has a log that grows without end.
   */
  async accessLog(
    user: Principal,
    caseId: string,
    page: { limit: number; after?: string },
  ): Promise<AccessLogResponse & { more: boolean }> {
    const facts = await this.facts.get(caseId);
    const lead = facts.leadOrganisationId ?? caseNotFound(caseId);
    if (user.organisationId !== lead) {
      await this.records.hidden(user, caseId, 'access_log', false, 'not_permitted', randomUUID());
    }
    const decision = decideCaseAccess(user, lead, 'access_log', { kind: 'absent' });
    if (decision.kind !== 'allow') {
      throw new ApplicationError(
        'access.forbidden',
        decision.kind === 'deny' ? `${decision.why}.` : 'The access log is read by the lead organisation only.',
      );
    }
    // One row more than asked tells whether another page follows. An `after` of another case
    // finds no anchor row, so the page is empty rather than a glimpse of that case's log.
    const fetched: AccessLogRow[] = await this.ds.query(
      `SELECT id::text, case_id, resource, user_id, user_role, organisation_id, purpose, break_glass, reason,
              reason_sealed, correlation_id, accessed_at
       FROM case_access_log
       WHERE case_id = $1
         AND ($2::bigint IS NULL OR (accessed_at, id) >
              (SELECT accessed_at, id FROM case_access_log WHERE id = $2::bigint AND case_id = $1))
       ORDER BY accessed_at, id
       LIMIT $3`,
      [caseId, page.after ?? null, page.limit + 1],
    );
    const rows = fetched.slice(0, page.limit);
    // Opened for the lead office's readers; "gelöscht" once the young person is erased.
    const erased = facts.erasure !== null;
    const reasons = await Promise.all(
      rows.map(async (r) => (await showFreeText(this.vault, r.reason_sealed ?? r.reason, erased)) ?? null),
    );
    return {
      caseId,
      more: fetched.length > page.limit,
      entries: rows.map((r, i) => ({
        id: r.id,
        accessedAt: r.accessed_at.toISOString(),
        user: { id: r.user_id, role: r.user_role, organisationId: r.organisation_id },
        resource: r.resource,
        purpose: r.purpose,
        breakGlass: r.break_glass,
        reason: reasons[i] ?? null,
        correlationId: r.correlation_id,
      })),
    };
  }
}
