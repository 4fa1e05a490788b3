import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type AccessLogResponse,
  type BreakGlassAccessData,
  type CaseResource,
  type Principal,
} from '@hilfenetz/contracts';
import { caseStreamId, type CaseFacts } from '@hilfenetz/domain';
import type { TransactionalEventStore } from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CLOCK, DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';
import {
  BREAK_GLASS_MIN_LENGTH,
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
  reason: string | null;
  correlation_id: string;
  accessed_at: Date;
}

/**
 * The gate in front of every read of case data. Controllers call it before they read: it decides
 * by the case's lead organisation, and a granted read is in the access log (and, for break-glass,
 * in the case stream as the supervisor's review item) before any data leaves the API. If the
 * record cannot be written, the read fails: there is no unrecorded read.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly facts: CaseFactsRepository,
  ) {}

  async authorizeRead(
    user: Principal,
    caseId: string,
    resource: CaseResource,
    breakGlassHeader: string | string[] | undefined,
    correlationId: string,
    options: ReadOptions = {},
  ): Promise<CaseAccessGrant> {
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
    if (decision.kind === 'deny') throw new ApplicationError('access.forbidden', `${decision.why}.`);
    if (decision.kind === 'break_glass_possible') {
      throw new ApplicationError(
        'access.break_glass_required',
        'This case is led by another organisation. In an emergency you may read it by stating the reason ' +
          `in the X-Break-Glass-Reason header (at least ${BREAK_GLASS_MIN_LENGTH} characters); the read is ` +
          'logged and reviewed by the lead organisation’s supervisor.',
        [],
        { breakGlass: { possible: true, header: 'X-Break-Glass-Reason', minLength: BREAK_GLASS_MIN_LENGTH } },
      );
    }
    const now = this.clock();
    await this.ds.transaction(async (m) => {
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO case_access_log
           (case_id, resource, user_id, user_role, organisation_id, purpose, break_glass, reason, correlation_id, accessed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text`,
        [
          caseId,
          resource,
          user.id,
          decision.role,
          user.organisationId,
          decision.purpose,
          decision.breakGlass,
          decision.breakGlass ? decision.reason : null,
          correlationId,
          now,
        ],
      );
      if (!decision.breakGlass) return;
      const data: BreakGlassAccessData = {
        caseId,
        accessId: row!.id,
        resource,
        reason: decision.reason,
        leadOrganisationId: lead,
        accessedAt: now.toISOString(),
      };
      await this.store.appendInTransaction(m, caseStreamId(caseId), [
        {
          eventId: randomUUID(),
          type: 'BreakGlassAccess',
          schemaVersion: 1,
          data,
          metadata: {
            actorId: user.id,
            actorRole: decision.role,
            organisationId: user.organisationId,
            correlationId,
          },
        },
      ]);
    });
    return { caseId, leadOrganisationId: lead, breakGlass: decision.breakGlass };
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
   * The gate in front of every change to a case: the caller's organisation must lead it (403
   * without a break-glass offer otherwise). `firstWriterLeads`: a case without any event may be
   * written (a crisis triggered on a bare reference), and the writer's organisation then leads it;
   * otherwise an unknown case is 404.
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
    if (lead === null && !firstWriterLeads) this.caseNotFound(caseId);
    const decision = decideCaseWrite(user, lead);
    if (decision.kind === 'deny') throw new ApplicationError('access.forbidden', `${decision.why}.`);
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
    const lead = await this.leadOrganisation(caseId);
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
              correlation_id, accessed_at
       FROM case_access_log
       WHERE case_id = $1
         AND ($2::bigint IS NULL OR (accessed_at, id) >
              (SELECT accessed_at, id FROM case_access_log WHERE id = $2::bigint AND case_id = $1))
       ORDER BY accessed_at, id
       LIMIT $3`,
      [caseId, page.after ?? null, page.limit + 1],
    );
    const rows = fetched.slice(0, page.limit);
    return {
      caseId,
      more: fetched.length > page.limit,
      entries: rows.map((r) => ({
        id: r.id,
        accessedAt: r.accessed_at.toISOString(),
        user: { id: r.user_id, role: r.user_role, organisationId: r.organisation_id },
        resource: r.resource,
        purpose: r.purpose,
        breakGlass: r.break_glass,
        reason: r.reason,
        correlationId: r.correlation_id,
      })),
    };
  }

  private async leadOrganisation(caseId: string): Promise<string> {
    return (await this.leadOrganisationOrNull(caseId)) ?? this.caseNotFound(caseId);
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
