import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApplicationError,
  breakGlassReviewWorkflowId,
  breakGlassReviewWorkflowType,
  type AccessLogResponse,
  type BreakGlassAccessData,
  type BreakGlassReviewWorkflowInput,
  type BreakGlassRules,
  type CaseResource,
  type CooperationAgreement,
  type Principal,
  type Role,
  type SealedText,
} from '@hilfenetz/contracts';
import type { AppConfig } from '@hilfenetz/config';
import {
  breakGlassEligibility,
  caseStreamId,
  DomainRuleViolation,
  grantCovers,
  grantTimes,
  namesOwnOffice,
  type BreakGlassEligibility,
  type CaseFacts,
} from '@hilfenetz/domain';
import type { PersonalDataVault, TransactionalEventStore } from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { sealFreeText, showFreeText } from '../cases/free-text';
import {
  APP_CONFIG,
  CLOCK,
  DATA_SOURCE,
  EVENT_STORE,
  PERSONAL_DATA_VAULT,
  TEMPORAL_CLIENT,
} from '../infrastructure/tokens';
import { countRead, type ReadRateLimit } from './read-rate-limit';
import {
  BREAK_GLASS_MIN_LENGTH,
  BREAK_GLASS_READER_ROLES,
  decideBriefingAccess,
  decideCaseAccess,
  decideCaseWrite,
  parseBreakGlassReason,
  type AccessPurpose,
  type Participation,
} from './case-access.policy';

/** What a granted read may rely on: the case exists and who leads it. */
export interface CaseAccessGrant {
  caseId: string;
  leadOrganisationId: string;
  breakGlass: boolean;
}

/** What a read of something beyond the case file needs to know about the case. */
export interface ReadOptions {
  /** Clinics and providers that take part (see Participation); without it they do not read. */
  participation?: Participation;
  /**
   * Who leads while the case stream is still empty: a crisis just triggered on a bare reference
   * whose first event the worker has not written yet. Its triggering organisation will lead it.
   */
  leadIfUnopened?: () => Promise<string | null>;
}

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

/**
 * The gate in front of every read of case data. Controllers call it before they read: it decides
 * by the case's lead organisation, and a granted read is in the access log (and, for a new
 * break-glass grant, in the case stream as the supervisor's review item) before any data leaves the
 * API. If the record cannot be written, the read fails: there is no unrecorded read. Reads are
 * limited per user; another office's case is open only to its agreement's partners in the roles
 * the agreement names, and to nobody else, who is answered as if it did not exist (docs/adr/0019).
 */
interface GrantRow {
  review_id: string;
  covers_until: Date;
  due_at: Date;
  opened_at: Date;
  supervisor_contact_id: string | null;
  workflow_started: boolean;
}

@Injectable()
export class CaseAccessService {
  private readonly logger = new Logger('CaseAccess');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly facts: CaseFactsRepository,
    private readonly agreements: AgreementRegistryService,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {
    this.readLimit = { limit: config.CASE_READ_RATE_LIMIT, windowSeconds: config.CASE_READ_RATE_WINDOW_SECONDS };
  }

  private readonly readLimit: ReadRateLimit;

  async authorizeRead(
    user: Principal,
    caseId: string,
    resource: CaseResource,
    breakGlassHeader: string | string[] | undefined,
    correlationId: string,
    options: ReadOptions = {},
  ): Promise<CaseAccessGrant> {
    await countRead(this.ds, user.id, this.readLimit);
    const breakGlass = parseBreakGlassReason(breakGlassHeader);
    if (breakGlass.kind === 'invalid') {
      throw new ApplicationError('access.break_glass_reason_invalid', `The break-glass reason ${breakGlass.why}.`, [
        { field: 'header.x-break-glass-reason', reason: breakGlass.why },
      ]);
    }
    const lead =
      (await this.leadOrganisationOrNull(caseId)) ??
      (options.leadIfUnopened ? await options.leadIfUnopened() : null) ??
      this.caseNotFound(caseId);
    const decision = decideCaseAccess(user, lead, resource, breakGlass, options.participation);
    const foreign = user.organisationId !== lead;
    if (decision.kind === 'deny') {
      // Within the lead office a refusal may say why; outside it, it would tell that the case exists.
      if (!foreign) throw new ApplicationError('access.forbidden', `${decision.why}.`);
      await this.hidden(user, caseId, resource, breakGlass.kind === 'valid', 'not_permitted', correlationId);
    }
    if (decision.kind === 'allow' && !decision.breakGlass) {
      await this.logRead(this.ds.manager, user, caseId, resource, decision.role, decision.purpose, null, correlationId);
      return { caseId, leadOrganisationId: lead, breakGlass: false };
    }
    // Another organisation's case: only the partners of the lead office's agreement, in the roles it names.
    const agreement = await this.agreementOf(lead);
    const eligibility = breakGlassEligibility(user, agreement, BREAK_GLASS_READER_ROLES);
    if (eligibility.kind === 'refused') {
      await this.hidden(user, caseId, resource, breakGlass.kind === 'valid', eligibility.why, correlationId);
    }
    if (decision.kind !== 'allow' || !decision.breakGlass) {
      throw new ApplicationError(
        'access.break_glass_required',
        'This case is led by another organisation of your cooperation agreement. In an emergency you may read it by ' +
          `stating the reason in the X-Break-Glass-Reason header (at least ${BREAK_GLASS_MIN_LENGTH} characters); the read ` +
          'is logged and reviewed by the lead organisation’s supervisor.',
        [],
        { breakGlass: { possible: true, header: 'X-Break-Glass-Reason', minLength: BREAK_GLASS_MIN_LENGTH } },
      );
    }
    const rules = (eligibility as Extract<BreakGlassEligibility, { kind: 'eligible' }>).rules;
    const opened = await this.breakGlassRead(user, caseId, lead, resource, decision, rules, agreement, correlationId);
    if (opened) await this.startReview(opened);
    return { caseId, leadOrganisationId: lead, breakGlass: true };
  }

  /**
   * A break-glass read: recorded in the access log like every read; the first one of a reader on a
   * case opens a grant (a review row and the BreakGlassAccess event, the supervisor's review item)
   * that covers their further reads of the case until `coversUntil`, so a loop grows the access log
   * (bounded by the read limit) but not the case. Returns the review to start, if one was opened or
   * its workflow did not start last time.
   */
  private async breakGlassRead(
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
    if (facts.version === 0) this.caseNotFound(caseId);
    // Sealed under the case's subject key before the transaction (the vault reads its key on its own).
    const reason = await sealFreeText(this.vault, facts, decision.reason);
    return this.ds.transaction(async (m) => {
      // One grant per reader and case even when their reads race.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`break-glass:${user.id}:${caseId}`]);
      const accessId = await this.logRead(
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
          : this.reviewInput(
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
      return this.reviewInput(accessId, caseId, lead, now, new Date(dueAt), supervisorContactId, correlationId);
    });
  }

  private reviewInput(
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

  /**
   * Starts the review's deadline (workflows/break-glass-review). The grant is committed already: if
   * Temporal is away the read still goes through (the review is listed; its row says the workflow
   * has not started) and the reader's next covered read tries again.
   */
  private async startReview(input: BreakGlassReviewWorkflowInput): Promise<void> {
    try {
      await this.temporal.workflow.start(breakGlassReviewWorkflowType, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: breakGlassReviewWorkflowId(input.reviewId),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        this.logger.warn(
          `break-glass review ${input.reviewId}: workflow not started (${String(err)}); retried on the next read`,
        );
        return;
      }
    }
    await this.ds.query(`UPDATE break_glass_reviews SET workflow_started = true WHERE review_id = $1`, [
      input.reviewId,
    ]);
  }

  /** The version in force for the lead office now, or null when it works under none. */
  private async agreementOf(lead: string): Promise<CooperationAgreement | null> {
    try {
      return await this.agreements.inForceFor(lead, this.clock().toISOString());
    } catch (err) {
      if (err instanceof DomainRuleViolation) return null;
      throw err;
    }
  }

  /**
   * Refuses a read of another office's case exactly as if the case did not exist, and records the
   * attempt in the security log (never in the case: probing must not grow it). The reason text is
   * not kept: it is an outsider's free text about someone else's case.
   */
  private async hidden(
    user: Principal,
    caseId: string,
    resource: CaseResource | 'access_log',
    reasonGiven: boolean,
    why: string,
    correlationId: string,
  ): Promise<never> {
    await this.ds.query(
      `INSERT INTO security_log (at, kind, user_id, user_roles, organisation_id, case_id, resource, reason_given, why, correlation_id)
       VALUES ($1, 'foreign_case_read_refused', $2, $3, $4, $5, $6, $7, $8, $9)`,
      [this.clock(), user.id, user.roles, user.organisationId, caseId, resource, reasonGiven, why, correlationId],
    );
    this.logger.warn({
      msg: 'foreign case read refused',
      kind: 'foreign_case_read_refused',
      userId: user.id,
      organisationId: user.organisationId,
      resource,
      breakGlassReasonGiven: reasonGiven,
      why,
      correlationId,
    });
    return this.caseNotFound(caseId);
  }

  private async logRead(
    m: EntityManager,
    user: Principal,
    caseId: string,
    resource: CaseResource,
    role: Role,
    purpose: AccessPurpose,
    reason: SealedText | null,
    correlationId: string,
  ): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO case_access_log
         (case_id, resource, user_id, user_role, organisation_id, purpose, break_glass, reason_sealed, correlation_id,
          accessed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text`,
      [
        caseId,
        resource,
        user.id,
        role,
        user.organisationId,
        purpose,
        purpose === 'break_glass',
        reason === null ? null : JSON.stringify(reason),
        correlationId,
        this.clock(),
      ],
    );
    return row!.id;
  }

  /**
   * The gate in front of a task's briefing: the organisation holding the task now and the lead
   * office read it, recorded like every read; anyone else gets `hidden()` (a 404 of the caller's
   * choosing), so a briefing never tells an outsider that the task exists.
   */
  async authorizeBriefing(
    user: Principal,
    caseId: string,
    holderOrganisationId: string,
    correlationId: string,
    hidden: () => Error,
  ): Promise<CaseAccessGrant> {
    const lead = await this.leadOrganisationOrNull(caseId);
    if (lead === null) throw hidden();
    const decision = decideBriefingAccess(user, lead, holderOrganisationId);
    if (decision.kind === 'hidden') throw hidden();
    await this.ds.query(
      `INSERT INTO case_access_log
         (case_id, resource, user_id, user_role, organisation_id, purpose, break_glass, reason, correlation_id, accessed_at)
       VALUES ($1, 'briefing', $2, $3, $4, $5, false, NULL, $6, $7)`,
      [caseId, user.id, decision.role, user.organisationId, decision.purpose, correlationId, this.clock()],
    );
    return { caseId, leadOrganisationId: lead, breakGlass: false };
  }

  /** The organisation leading the case, or null when nothing was recorded for it yet. */
  leadOf(caseId: string): Promise<string | null> {
    return this.leadOrganisationOrNull(caseId);
  }

  /**
   * The gate in front of every change to a case: the caller's organisation must lead it; another
   * office's case answers exactly like an unknown one (404), so a write cannot probe references
   * either (docs/adr/0024). `firstWriterLeads`: a case without any event may be written (a crisis
   * triggered on a bare reference), and the writer's organisation then leads it — only under the
   * writer's own office (`<office>.<reference>`), never under another office's name or an unscoped
   * id; otherwise an unknown case is 404.
   */
  async authorizeWrite(
    user: Principal,
    caseId: string,
    opts: { firstWriterLeads?: boolean; leadIfUnopened?: () => Promise<string | null> } = {},
  ): Promise<void> {
    const lead =
      (await this.leadOrganisationOrNull(caseId)) ?? (opts.leadIfUnopened ? await opts.leadIfUnopened() : null);
    this.decideWrite(user, caseId, lead, opts.firstWriterLeads ?? false);
  }

  /** `authorizeWrite` on facts the caller read already (a trigger reads them once for everything). */
  authorizeWriteOn(user: Principal, facts: CaseFacts, opts: { firstWriterLeads?: boolean } = {}): void {
    this.decideWrite(user, facts.caseId, facts.leadOrganisationId, opts.firstWriterLeads ?? false);
  }

  private decideWrite(user: Principal, caseId: string, lead: string | null, firstWriterLeads: boolean): void {
    if (lead === null && !(firstWriterLeads && namesOwnOffice(caseId, user.organisationId))) {
      this.caseNotFound(caseId);
    }
    // A 403 here would confirm that another office's case exists.
    if (decideCaseWrite(user, lead).kind === 'deny') this.caseNotFound(caseId);
  }

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
    const lead = facts.leadOrganisationId ?? this.caseNotFound(caseId);
    if (user.organisationId !== lead) {
      await this.hiddenAccessLog(user, caseId);
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

  private async hiddenAccessLog(user: Principal, caseId: string): Promise<never> {
    return this.hidden(user, caseId, 'access_log', false, 'not_permitted', randomUUID());
  }

  /** The lead of the case's facts (CaseRegistered's, or whoever opened the stream); null for none. */
  private async leadOrganisationOrNull(caseId: string): Promise<string | null> {
    return (await this.facts.get(caseId)).leadOrganisationId;
  }

  private caseNotFound(caseId: string): never {
    throw new ApplicationError('case.not_found', `No case ${caseId} is known.`, [
      { field: 'path.caseId', reason: 'unknown case' },
    ]);
  }
}
