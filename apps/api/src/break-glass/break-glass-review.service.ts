import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApplicationError,
  breakGlassReviewWorkflowId,
  type BreakGlassReview,
  type BreakGlassReviewDecidedData,
  type BreakGlassReviewList,
  type BreakGlassReviewQuery,
  type DataProtectionOfficerNotifiedData,
  type DecideBreakGlassReviewRequest,
  type NewEvent,
  type Principal,
  type SealedText,
  type SealedValue,
} from '@hilfenetz/contracts';
import { caseStreamId, notifiesDataProtectionOfficer, reviewDecisionRefusal } from '@hilfenetz/domain';
import type { PersonalDataVault, TransactionalEventStore } from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { reviewDecided } from '@hilfenetz/workflow-break-glass-review/messages';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { showFreeText } from '../cases/free-text';
import { CLOCK, DATA_SOURCE, EVENT_STORE, PERSONAL_DATA_VAULT, TEMPORAL_CLIENT } from '../infrastructure/tokens';

interface ReviewRow {
  review_id: string;
  case_id: string;
  lead_organisation_id: string;
  reader_id: string;
  reader_role: string;
  reader_organisation: string;
  resource: BreakGlassReview['resource'];
  /** Rows written before reasons were sealed (migration 152) hold the clear text here. */
  reason: string | null;
  reason_sealed: SealedText | null;
  opened_at: Date;
  covers_until: Date;
  due_at: Date;
  verdict: 'justified' | 'unjustified' | null;
  decided_by: string | null;
  decided_at: Date | null;
  escalated_at: Date | null;
  note: SealedValue | null;
}

/**
 * A review as listed: the API's row (with the supervisor's sealed note) and, once the review went
 * overdue, the projector's escalation row.
 */
const REVIEW_COLUMNS = `
  SELECT r.review_id::text, r.case_id, r.lead_organisation_id, r.reader_id, r.reader_role, r.reader_organisation,
         r.resource, r.reason, r.reason_sealed, r.opened_at, r.covers_until, r.due_at, r.verdict, r.decided_by, r.decided_at,
         esc.escalated_at, r.decision_note AS note
  FROM break_glass_reviews r
  LEFT JOIN break_glass_review_escalations esc ON esc.review_id = r.review_id`;

/** The most reviews one list holds, newest first: a district sees a handful a month. */
const LIST_LIMIT = 500;

/**
 * The lead office's review of break-glass reads (issue 13, finding 3; docs/adr/0019): its
 * supervisors list and decide them, its data protection officer lists those they were told of
 * ("nicht berechtigt", or left undecided past the deadline). Rows in break_glass_reviews, each
 * decision with its events on the case stream in the same transaction.
 */
@Injectable()
export class BreakGlassReviewService {
  private readonly logger = new Logger('BreakGlassReview');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly facts: CaseFactsRepository,
  ) {}

  async list(user: Principal, query: BreakGlassReviewQuery): Promise<BreakGlassReviewList> {
    const rows: ReviewRow[] = await this.ds.query(
      `${REVIEW_COLUMNS}
       WHERE r.lead_organisation_id = $1
         AND ($2 = 'all' OR ($2 = 'open') = (r.verdict IS NULL))
       ORDER BY r.opened_at DESC, r.review_id DESC
       LIMIT ${LIST_LIMIT}`,
      [user.organisationId, query.status],
    );
    const facts = await this.facts.getMany(rows.map((r) => r.case_id));
    const reviews = await Promise.all(rows.map((r) => this.toReview(r, facts.get(r.case_id)?.erasure != null)));
    // The data protection officer sees what they were told of, not every review.
    const forDpo = !user.roles.includes('supervisor');
    return {
      organisationId: user.organisationId,
      reviews: forDpo ? reviews.filter((r) => r.dataProtectionOfficerNotified) : reviews,
    };
  }

  /** A review as its office reads it: reason and note opened, "gelöscht" once the young person is erased. */
  private async toReview(r: ReviewRow, erased: boolean): Promise<BreakGlassReview> {
    return {
      reviewId: r.review_id,
      caseId: r.case_id,
      resource: r.resource,
      reader: { id: r.reader_id, role: r.reader_role, organisationId: r.reader_organisation },
      reason: (await showFreeText(this.vault, r.reason_sealed ?? r.reason, erased)) ?? '',
      openedAt: r.opened_at.toISOString(),
      coversUntil: r.covers_until.toISOString(),
      dueAt: r.due_at.toISOString(),
      status: r.verdict ? 'decided' : r.escalated_at ? 'escalated' : 'open',
      escalatedAt: r.escalated_at?.toISOString() ?? null,
      verdict: r.verdict,
      note: r.note ? await this.openNote(r.note) : null,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at?.toISOString() ?? null,
      dataProtectionOfficerNotified: r.verdict === 'unjustified' || r.escalated_at !== null,
    };
  }

  private async openNote(sealed: SealedValue): Promise<string> {
    const opened = await this.vault.open<string>(sealed);
    return opened.status === 'available' ? opened.value : 'gelöscht';
  }

  /**
   * The supervisor's decision: "berechtigt" (justified) or "nicht berechtigt" (unjustified) with a
   * note. The row, BreakGlassReviewDecided and, for "nicht berechtigt", DataProtectionOfficerNotified
   * in one transaction; then the review's workflow is told, so its deadline no longer runs.
   */
  async decide(
    user: Principal,
    reviewId: string,
    req: DecideBreakGlassReviewRequest,
    correlationId: string,
  ): Promise<BreakGlassReview> {
    const refuse = (r: { code: 'break_glass_review.not_found' | 'break_glass_review.decided'; why: string }) =>
      new ApplicationError(r.code, `Review ${reviewId}: ${r.why}.`, [
        { field: r.code === 'break_glass_review.not_found' ? 'path.reviewId' : 'state', reason: r.why },
      ]);
    const [first] = await this.rowFor(reviewId);
    const early = reviewDecisionRefusal(
      user,
      first ? { leadOrganisationId: first.lead_organisation_id, decided: first.verdict !== null } : null,
    );
    if (early) throw refuse(early);
    // Sealed under the case's subject key (outside the transaction: the vault reads its key on its own).
    const facts = await this.facts.get(first!.case_id);
    const subjectId = facts.erasure ? null : (facts.registration?.youngPersonSubjectId ?? null);
    const note = subjectId ? await this.vault.seal(subjectId, req.note) : undefined;
    const now = this.clock();
    await this.ds.transaction(async (m) => {
      const [row]: ReviewRow[] = await m.query(
        `SELECT review_id::text, case_id, lead_organisation_id, verdict FROM break_glass_reviews WHERE review_id = $1 FOR UPDATE`,
        [reviewId],
      );
      const refusal = reviewDecisionRefusal(
        user,
        row ? { leadOrganisationId: row.lead_organisation_id, decided: row.verdict !== null } : null,
      );
      if (refusal) throw refuse(refusal);
      await m.query(
        `UPDATE break_glass_reviews SET verdict = $2, decided_by = $3, decided_at = $4, decision_note = $5
         WHERE review_id = $1`,
        [reviewId, req.verdict, user.id, now, note ? JSON.stringify(note) : null],
      );
      const ref = { caseId: row!.case_id, accessId: reviewId, leadOrganisationId: row!.lead_organisation_id };
      const metadata = {
        actorId: user.id,
        actorRole: 'supervisor',
        organisationId: user.organisationId,
        correlationId,
      };
      const events: NewEvent[] = [
        {
          eventId: randomUUID(),
          type: 'BreakGlassReviewDecided',
          schemaVersion: 1,
          data: {
            ...ref,
            verdict: req.verdict,
            ...(note ? { note } : {}),
            decidedAt: now.toISOString(),
          } satisfies BreakGlassReviewDecidedData,
          metadata,
        },
      ];
      if (notifiesDataProtectionOfficer(req.verdict)) {
        events.push({
          eventId: randomUUID(),
          type: 'DataProtectionOfficerNotified',
          schemaVersion: 1,
          data: {
            ...ref,
            cause: 'review_unjustified',
            notifiedAt: now.toISOString(),
          } satisfies DataProtectionOfficerNotifiedData,
          metadata,
        });
      }
      await this.store.appendInTransaction(m, caseStreamId(row!.case_id), events);
    });
    try {
      await this.temporal.workflow
        .getHandle(breakGlassReviewWorkflowId(reviewId))
        .signal(reviewDecided, { verdict: req.verdict });
    } catch (err) {
      // Decided is decided: a workflow that never started or ended has no deadline left to stop.
      if (!(err instanceof WorkflowNotFoundError))
        this.logger.warn(`review ${reviewId}: workflow not told (${String(err)})`);
    }
    const [after] = await this.rowFor(reviewId);
    return this.toReview(after!, facts.erasure !== null);
  }

  private rowFor(reviewId: string): Promise<ReviewRow[]> {
    return this.ds.query(`${REVIEW_COLUMNS} WHERE r.review_id = $1`, [reviewId]);
  }
}
