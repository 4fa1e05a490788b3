import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CaseResource, Principal, Role, SealedText } from '@hilfenetz/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, DATA_SOURCE } from '../infrastructure/tokens';
import type { AccessPurpose } from './case-access.policy';
import { caseNotFound } from './case-not-found';

/**
 * The records the access gate writes: a row of the case's access log for every granted read, and
 * a row of the security log for every refused read of another office's case.
 */
@Injectable()
export class AccessRecordsService {
  private readonly logger = new Logger('CaseAccess');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  /** A granted read, in `m`'s transaction; returns the access log row's id. */
  async logRead(
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

  /** A granted read of a task's briefing (never break-glass, so never with a reason). */
  async logBriefingRead(
    user: Principal,
    caseId: string,
    role: Role,
    purpose: AccessPurpose,
    correlationId: string,
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO case_access_log
         (case_id, resource, user_id, user_role, organisation_id, purpose, break_glass, reason, correlation_id, accessed_at)
       VALUES ($1, 'briefing', $2, $3, $4, $5, false, NULL, $6, $7)`,
      [caseId, user.id, role, user.organisationId, purpose, correlationId, this.clock()],
    );
  }

  /**
   * Refuses a read of another office's case exactly as if the case did not exist, and records the
   * attempt in the security log (never in the case: probing must not grow it). The reason text is
   * not kept: it is an outsider's free text about someone else's case.
   */
  async hidden(
    user: Principal,
    caseId: string,
    resource: CaseResource | 'access_log',
    reasonGiven: boolean,
    why: string,
    correlationId: string,
  ): Promise<never> {
    return this.refused('foreign_case_read_refused', user, caseId, resource, reasonGiven, why, correlationId);
  }

  /**
   * Refuses a write to another office's case (a guardian, a hold, a crisis step) exactly as if the
   * case did not exist, and records the attempt in the security log like a refused read.
   */
  async hiddenWrite(user: Principal, caseId: string, why: string, correlationId: string): Promise<never> {
    return this.refused('foreign_case_write_refused', user, caseId, 'case', false, why, correlationId);
  }

  private async refused(
    kind: 'foreign_case_read_refused' | 'foreign_case_write_refused',
    user: Principal,
    caseId: string,
    resource: CaseResource | 'access_log',
    reasonGiven: boolean,
    why: string,
    correlationId: string,
  ): Promise<never> {
    await this.ds.query(
      `INSERT INTO security_log (at, kind, user_id, user_roles, organisation_id, case_id, resource, reason_given, why, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [this.clock(), kind, user.id, user.roles, user.organisationId, caseId, resource, reasonGiven, why, correlationId],
    );
    this.logger.warn({
      msg: kind === 'foreign_case_read_refused' ? 'foreign case read refused' : 'foreign case write refused',
      kind,
      userId: user.id,
      organisationId: user.organisationId,
      resource,
      breakGlassReasonGiven: reasonGiven,
      why,
      correlationId,
    });
    return caseNotFound(caseId);
  }
}
