import { Inject, Injectable } from '@nestjs/common';
import { ApplicationError, type CaseResource, type CooperationAgreement, type Principal } from '@hilfenetz/contracts';
import type { AppConfig } from '@hilfenetz/config';
import {
  breakGlassEligibility,
  DomainRuleViolation,
  namesOwnOffice,
  type BreakGlassEligibility,
  type CaseFacts,
} from '@hilfenetz/domain';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import type { DataSource } from 'typeorm';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { APP_CONFIG, CLOCK, DATA_SOURCE } from '../infrastructure/tokens';
import { AccessRecordsService } from './access-records.service';
import { BreakGlassGrantsService } from './break-glass-grants.service';
import { BreakGlassReviewStarter } from './break-glass-review-starter.service';
import { countRead, type ReadRateLimit } from './read-rate-limit';
import {
  BREAK_GLASS_MIN_LENGTH,
  BREAK_GLASS_READER_ROLES,
  decideBriefingAccess,
  decideCaseAccess,
  decideCaseWrite,
  parseBreakGlassReason,
  type Participation,
} from './case-access.policy';
import { caseNotFound } from './case-not-found';

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

/**
 * The gate in front of every read of case data. Controllers call it before they read: it decides
 * by the case's lead organisation, and a granted read is in the access log (and, for a new
 * break-glass grant, in the case stream as the supervisor's review item) before any data leaves the
 * API. If the record cannot be written, the read fails: there is no unrecorded read. Reads are
 * limited per user; another office's case is open only to its agreement's partners in the roles
 * the agreement names, and to nobody else, who is answered as if it did not exist (docs/adr/0019).
 */
@Injectable()
export class CaseAccessService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly facts: CaseFactsRepository,
    private readonly agreements: AgreementRegistryService,
    private readonly records: AccessRecordsService,
    private readonly grants: BreakGlassGrantsService,
    private readonly reviews: BreakGlassReviewStarter,
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
      caseNotFound(caseId);
    const decision = decideCaseAccess(user, lead, resource, breakGlass, options.participation);
    const foreign = user.organisationId !== lead;
    if (decision.kind === 'deny') {
      // Within the lead office a refusal may say why; outside it, it would tell that the case exists.
      if (!foreign) throw new ApplicationError('access.forbidden', `${decision.why}.`);
      await this.records.hidden(user, caseId, resource, breakGlass.kind === 'valid', 'not_permitted', correlationId);
    }
    if (decision.kind === 'allow' && !decision.breakGlass) {
      await this.records.logRead(
        this.ds.manager,
        user,
        caseId,
        resource,
        decision.role,
        decision.purpose,
        null,
        correlationId,
      );
      return { caseId, leadOrganisationId: lead, breakGlass: false };
    }
    // Another organisation's case: only the partners of the lead office's agreement, in the roles it names.
    const agreement = await this.agreementOf(lead);
    const eligibility = breakGlassEligibility(user, agreement, BREAK_GLASS_READER_ROLES);
    if (eligibility.kind === 'refused') {
      await this.records.hidden(user, caseId, resource, breakGlass.kind === 'valid', eligibility.why, correlationId);
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
    const opened = await this.grants.breakGlassRead(
      user,
      caseId,
      lead,
      resource,
      decision,
      rules,
      agreement,
      correlationId,
    );
    if (opened) await this.reviews.start(opened);
    return { caseId, leadOrganisationId: lead, breakGlass: true };
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
    await this.records.logBriefingRead(user, caseId, decision.role, decision.purpose, correlationId);
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
    correlationId: string,
    opts: { firstWriterLeads?: boolean; leadIfUnopened?: () => Promise<string | null> } = {},
  ): Promise<void> {
    const lead =
      (await this.leadOrganisationOrNull(caseId)) ?? (opts.leadIfUnopened ? await opts.leadIfUnopened() : null);
    await this.decideWrite(user, caseId, lead, opts.firstWriterLeads ?? false, correlationId);
  }

  /** `authorizeWrite` on facts the caller read already (a trigger reads them once for everything). */
  async authorizeWriteOn(
    user: Principal,
    facts: CaseFacts,
    correlationId: string,
    opts: { firstWriterLeads?: boolean } = {},
  ): Promise<void> {
    await this.decideWrite(user, facts.caseId, facts.leadOrganisationId, opts.firstWriterLeads ?? false, correlationId);
  }

  private async decideWrite(
    user: Principal,
    caseId: string,
    lead: string | null,
    firstWriterLeads: boolean,
    correlationId: string,
  ): Promise<void> {
    if (lead === null && !(firstWriterLeads && namesOwnOffice(caseId, user.organisationId))) {
      caseNotFound(caseId);
    }
    // A 403 here would confirm that another office's case exists; the attempt goes to the
    // security log, as a refused read does.
    if (decideCaseWrite(user, lead).kind === 'deny') {
      await this.records.hiddenWrite(user, caseId, 'not_the_lead', correlationId);
    }
  }

  /** The lead of the case's facts (CaseRegistered's, or whoever opened the stream); null for none. */
  private async leadOrganisationOrNull(caseId: string): Promise<string | null> {
    return (await this.facts.get(caseId)).leadOrganisationId;
  }
}
