import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type CaseSearchResponse,
  type CaseView,
  type GuardianDetails,
  type GuardianRecordedData,
  type GuardianView,
  type NewEvent,
  type Principal,
  type RegisterCaseRequest,
  type YoungPersonDetails,
} from '@hilfenetz/contracts';
import {
  caseStreamId,
  isScopedCaseId,
  namesOwnOffice,
  officeOfOrganisation,
  referenceOf,
  scopedCaseId,
  type CaseFacts,
  type CaseRegistration,
  type RecordedGuardian,
} from '@hilfenetz/domain';
import {
  eraseDataSubject,
  LegalHoldActive,
  placeLegalHold,
  StreamVersionConflict,
  type PersonalDataVault,
  type TransactionalEventStore,
} from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { actingRole } from '../auth/acting-role';
import { CLOCK, DATA_SOURCE, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { sealFreeText } from './free-text';

export const metadataOf = (user: Principal, correlationId: string) => ({
  actorId: user.id,
  actorRole: actingRole(user.roles),
  organisationId: user.organisationId,
  correlationId,
});

const caseNotFound = (caseId: string) =>
  new ApplicationError('case.not_found', `No case ${caseId} is registered.`, [
    { field: 'path.caseId', reason: 'unknown case' },
  ]);

/** Case records: registration with encrypted personal data, the legal hold, erasure by key. */
@Injectable()
export class CasesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly agreements: AgreementRegistryService,
    private readonly facts: CaseFactsRepository,
  ) {}

  /**
   * Registers the case under the caller's office: `caseId` is the office's own reference (or its
   * full id `<office>.<reference>`), stored as `<office>.<reference>` (docs/adr/0024), so another
   * office's registration of the same reference neither blocks nor reveals this one.
   */
  async register(body: RegisterCaseRequest, user: Principal, correlationId: string): Promise<CaseView> {
    const caseId = this.ownCaseId(body.caseId, user);
    await this.refuseOwnOlderCase(caseId, user);
    const req = { ...body, caseId };
    if (req.careProviderOrganisationId !== undefined) {
      // Only a Träger of the lead office's agreement can care for its case (it may trigger crises).
      await this.agreements.assertPartnerOf(
        user.organisationId,
        req.careProviderOrganisationId,
        'provider',
        'body.careProviderOrganisationId',
      );
    }
    const subjectId = `subj-${randomUUID()}`;
    const now = this.clock().toISOString();
    await this.vault.registerSubject(subjectId, req.caseId);
    const sealed = await this.vault.seal(subjectId, req.youngPerson);
    const metadata = { ...metadataOf(user, correlationId), legalBasis: '§62 SGB VIII (Datenerhebung)' };
    // Each guardian is its own event (changed and removed later on its own), sealed under the young
    // person's key so that erasing the young person erases the family's contact details too.
    const guardians: NewEvent[] = await Promise.all(
      (req.guardians ?? []).map(async (details, i): Promise<NewEvent> => ({
        eventId: randomUUID(),
        type: 'GuardianRecorded',
        schemaVersion: 1,
        data: {
          caseId: req.caseId,
          guardianId: `g-${randomUUID()}`,
          rank: i + 1,
          details: await this.vault.seal(subjectId, details),
          recordedAt: now,
        } satisfies GuardianRecordedData,
        metadata,
      })),
    );
    try {
      await this.store.append(
        caseStreamId(req.caseId),
        [
          {
            eventId: randomUUID(),
            type: 'CaseRegistered',
            schemaVersion: 1,
            data: {
              caseId: req.caseId,
              youngPersonSubjectId: subjectId,
              youngPerson: sealed,
              leadOrganisationId: user.organisationId,
              ...(req.careProviderOrganisationId !== undefined
                ? { careProviderOrganisationId: req.careProviderOrganisationId }
                : {}),
              registeredAt: now,
            },
            metadata,
          },
          ...guardians,
        ],
        'no_stream',
      );
    } catch (err) {
      if (err instanceof StreamVersionConflict) {
        throw new ApplicationError('case.exists', `A case ${referenceOf(req.caseId)} is already registered.`, [
          { field: 'body.caseId', reason: 'already registered' },
        ]);
      }
      throw err;
    }
    return this.view(req.caseId);
  }

  /** The id of the caller's office's case for a reference (or its own full id); 422 for another office's. */
  private ownCaseId(given: string, user: Principal): string {
    if (!isScopedCaseId(given)) return scopedCaseId(user.organisationId, given);
    if (namesOwnOffice(given, user.organisationId)) return given;
    throw new ApplicationError(
      'case.reference_not_own',
      'Register a case under a reference of your own office: send the reference without an office.',
      [{ field: 'body.caseId', reason: 'a reference of your own office (without another office’s name)' }],
    );
  }

  /**
   * The office registered the same reference before the scoping (an unscoped id it leads): the
   * reference is taken, as it was. An older case of another office under it blocks nothing.
   */
  private async refuseOwnOlderCase(caseId: string, user: Principal): Promise<void> {
    const older = await this.facts.get(referenceOf(caseId));
    if (older.version > 0 && older.leadOrganisationId === user.organisationId) {
      throw new ApplicationError('case.exists', `A case ${referenceOf(caseId)} is already registered.`, [
        { field: 'body.caseId', reason: 'already registered' },
      ]);
    }
  }

  /** The typed facts of the case now (snapshot plus tail, docs/adr/0012); `version` 0 for none. */
  factsOf(caseId: string): Promise<CaseFacts> {
    return this.facts.get(caseId);
  }

  /** The registration, or 404: every operation on a case's personal data needs its subject's key. */
  async registered(caseId: string): Promise<CaseRegistration> {
    const { registration } = await this.facts.get(caseId);
    if (!registration) throw caseNotFound(caseId);
    return registration;
  }

  /**
   * Cases led by the organisation whose reference starts with the prefix, newest first: its own
   * office's (`<office>.<reference>`) and those it registered before the scoping (unscoped ids).
   * A prefix naming an office is matched as a full id (still only among the organisation's cases).
   */
  async find(prefix: string, organisationId: string): Promise<CaseSearchResponse> {
    const escape = (s: string) => s.replace(/[\\%_]/g, '\\$&');
    const scoped = isScopedCaseId(prefix)
      ? escape(prefix)
      : `${escape(officeOfOrganisation(organisationId))}.${escape(prefix)}`;
    const unscoped = isScopedCaseId(prefix) ? scoped : escape(prefix);
    const rows: { case_id: string; lead_organisation_id: string; registered_at: Date }[] = await this.ds.query(
      `SELECT case_id, lead_organisation_id, registered_at FROM cases
       WHERE lead_organisation_id = $1 AND (case_id LIKE $2 OR case_id LIKE $3)
       ORDER BY registered_at DESC, case_id LIMIT 50`,
      [organisationId, `${scoped}%`, `${unscoped}%`],
    );
    return {
      cases: rows.map((r) => ({
        caseId: r.case_id,
        leadOrganisationId: r.lead_organisation_id,
        registeredAt: r.registered_at.toISOString(),
      })),
    };
  }

  async view(caseId: string): Promise<CaseView> {
    const facts = await this.facts.get(caseId);
    const { registration } = facts;
    if (!registration || facts.leadOrganisationId === null) throw caseNotFound(caseId);
    const opened = await this.vault.open<YoungPersonDetails>(registration.youngPerson);
    return {
      caseId,
      leadOrganisationId: facts.leadOrganisationId,
      careProviderOrganisationId: facts.careProviderOrganisationId,
      registeredAt: registration.registeredAt,
      youngPerson: opened.status === 'available' ? { status: 'available', ...opened.value } : opened,
      legalHold: facts.legalHold !== null,
      guardians: await this.openGuardians(facts.guardians),
    };
  }

  /** The guardians opened for a reader the controller let in; after erasure each says so. */
  async openGuardians(guardians: RecordedGuardian[]): Promise<GuardianView[]> {
    return Promise.all(
      guardians.map(async (g): Promise<GuardianView> => {
        const opened = await this.vault.open<GuardianDetails>(g.details);
        return opened.status === 'available'
          ? { guardianId: g.guardianId, rank: g.position, status: 'available', ...opened.value }
          : { guardianId: g.guardianId, rank: g.position, status: 'erased', erasedAt: opened.erasedAt };
      }),
    );
  }

  async placeLegalHold(caseId: string, reason: string, user: Principal, correlationId: string): Promise<void> {
    const facts = await this.facts.get(caseId);
    if (!facts.registration) throw caseNotFound(caseId);
    await placeLegalHold(this.ds, this.store, {
      caseId,
      // Sealed under the young person's key: erased with them (docs/adr/0018).
      reason: await sealFreeText(this.vault, facts, reason),
      now: this.clock().toISOString(),
      metadata: metadataOf(user, correlationId),
    });
  }

  async erase(caseId: string, reason: string, user: Principal, correlationId: string): Promise<void> {
    const facts = await this.facts.get(caseId);
    if (!facts.registration) throw caseNotFound(caseId);
    const { youngPersonSubjectId } = facts.registration;
    try {
      await eraseDataSubject(this.ds, this.store, this.vault, {
        subjectId: youngPersonSubjectId,
        // Sealed under the very key the erasure destroys: unreadable once it commits (docs/adr/0018).
        reason: await sealFreeText(this.vault, facts, reason),
        now: this.clock().toISOString(),
        metadata: metadataOf(user, correlationId),
      });
    } catch (err) {
      if (err instanceof LegalHoldActive) {
        throw new ApplicationError(
          'case.legal_hold',
          'The case is under a legal hold (§9b SGB VIII); nothing was erased.',
        );
      }
      throw err;
    }
  }
}
