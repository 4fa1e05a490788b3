import { Inject, Injectable } from '@nestjs/common';
import type {
  BreakGlassAccessData,
  BreakGlassReviewWorkflowInput,
  BreakGlassRules,
  CaseResource,
  CooperationAgreement,
  Principal,
  Role,
} from '@hilfenetz/contracts';
import { caseStreamId, grantCovers, grantTimes } from '@hilfenetz/domain';
import type { PersonalDataVault, TransactionalEventStore } from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sealFreeText } from '../cases/free-text';
import { CLOCK, DATA_SOURCE, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { AccessRecordsService } from './access-records.service';
import { caseNotFound } from './case-not-found';

interface GrantRow {
  review_id: string;
  covers_until: Date;
  due_at: Date;
  opened_at: Date;
  supervisor_contact_id: string | null;
  workflow_started: boolean;
}

/** The break-glass grants: a reader's covered stretch of reads of another office's case, and its review. */
@Injectable()
export class BreakGlassGrantsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly facts: CaseFactsRepository,
    private readonly records: AccessRecordsService,
  ) {}

  /**
   * A break-glass read: recorded in the access log like every read; the first one of a reader on a
   * case opens a grant (a review row and the BreakGlassAccess event, the supervisor's review item)
   * that covers their further reads of the case until `coversUntil`, so a loop grows the access log
   * (bounded by the read limit) but not the case. Returns the review to start, if one was opened or
   * its workflow did not start last time.
   */
  async breakGlassRead(
    user: Principal,
    caseId: string,
    lead: string,
    resource: CaseResource,
    decision: { role: Role; reason: string },
    rules: Required<BreakGlassRules>,
    agreement: CooperationAgreement | null,
    correlationId: string,
  ): Promise<BreakGlassReviewWorkflowInput | null> {
    const now = this.clock();
    const facts = await this.facts.get(caseId);
    // A break-glass read never opens a case: its event would be the stream's first, and the first
    // writer's organisation would lead the case (a crisis just triggered, not yet written, waits).
    if (facts.version === 0) caseNotFound(caseId);
    // Sealed under the case's subject key before the transaction (the vault reads its key on its own).
    const reason = await sealFreeText(this.vault, facts, decision.reason);
    return this.ds.transaction(async (m) => {
      // One grant per reader and case even when their reads race.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`break-glass:${user.id}:${caseId}`]);
      const accessId = await this.records.logRead(
        m,
        user,
        caseId,
        resource,
        decision.role,
        'break_glass',
        reason,
        correlationId,
      );
      const [current]: GrantRow[] = await m.query(
        `SELECT review_id::text, covers_until, due_at, opened_at, supervisor_contact_id, workflow_started
         FROM break_glass_reviews WHERE reader_id = $1 AND case_id = $2 ORDER BY covers_until DESC LIMIT 1`,
        [user.id, caseId],
      );
      const grant = current ? { reviewId: current.review_id, coversUntil: current.covers_until.toISOString() } : null;
      if (grantCovers(grant, now)) {
        return current!.workflow_started
          ? null
          : reviewInput(
              current!.review_id,
              caseId,
              lead,
              current!.opened_at,
              current!.due_at,
              current!.supervisor_contact_id,
              correlationId,
            );
      }
      const { coversUntil, dueAt } = grantTimes(now, rules);
      const supervisorContactId = agreement?.supervisorContactId ?? null;
      await m.query(
        `INSERT INTO break_glass_reviews
           (review_id, case_id, lead_organisation_id, reader_id, reader_role, reader_organisation, resource,
            reason_sealed, opened_at, covers_until, due_at, supervisor_contact_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          accessId,
          caseId,
          lead,
          user.id,
          decision.role,
          user.organisationId,
          resource,
          JSON.stringify(reason),
          now,
          coversUntil,
          dueAt,
          supervisorContactId,
        ],
      );
      const data: BreakGlassAccessData = {
        caseId,
        accessId,
        resource,
        reason,
        leadOrganisationId: lead,
        accessedAt: now.toISOString(),
      };
      await this.store.appendInTransaction(m, caseStreamId(caseId), [
        {
          eventId: randomUUID(),
          type: 'BreakGlassAccess',
          schemaVersion: 2,
          data,
          metadata: { actorId: user.id, actorRole: decision.role, organisationId: user.organisationId, correlationId },
        },
      ]);
      return reviewInput(accessId, caseId, lead, now, new Date(dueAt), supervisorContactId, correlationId);
    });
  }
}

function reviewInput(
  reviewId: string,
  caseId: string,
  leadOrganisationId: string,
  openedAt: Date,
  dueAt: Date,
  supervisorContactId: string | null,
  correlationId: string,
): BreakGlassReviewWorkflowInput {
  return {
    reviewId,
    caseId,
    leadOrganisationId,
    openedAt: openedAt.toISOString(),
    dueAt: dueAt.toISOString(),
    supervisorContactId,
    correlationId,
  };
}
