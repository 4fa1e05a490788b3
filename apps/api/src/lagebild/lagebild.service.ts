import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type CooperationAgreement,
  type CrisisSituation,
  type GuardianDetails,
  type Lagebild,
  type LagebildAudience,
  type Principal,
  type YoungPersonDetails,
} from '@hilfenetz/contracts';
import {
  assembleLagebild,
  caseStreamId,
  crisisOf,
  crisisEventsOf,
  crisisTaskHolders,
  lagebildAccessFor,
  lagebildFieldsFor,
  type CaseFacts,
  type CrisisFacts,
  type LagebildFacts,
} from '@hilfenetz/domain';
import type { EventStore, OpenedValue, PersonalDataVault } from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import type { DataSource } from 'typeorm';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { showFreeText } from '../cases/free-text';
import { DirectoryService } from '../directory/directory.service';
import { CLOCK, DATA_SOURCE, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';

const erasedOf = (...opened: (OpenedValue<unknown> | null)[]) =>
  opened.find((o): o is { status: 'erased'; erasedAt: string } => o?.status === 'erased') ?? null;

const audienceNames: Record<LagebildAudience, string> = {
  supervisor: 'the supervisor’s',
  leitstelle: 'the Leitstelle’s',
  clinic: 'the clinic’s',
  runder_tisch: 'the Runder Tisch’s',
};

/**
 * The situation report (Lagebild) of one crisis, generated from the case stream for one audience.
 * The lead office reads every audience; the organisation holding the ambulance task the
 * Leitstelle's, the clinic holding the clinic task the clinic's; for anyone else the crisis does
 * not exist (404). Only what the audience may see is opened from the sealed data, and every read
 * is in the case's access log before anything leaves the API.
 */
@Injectable()
export class LagebildService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly caseFacts: CaseFactsRepository,
    private readonly agreements: AgreementRegistryService,
    private readonly directory: DirectoryService,
  ) {}

  async lagebild(
    caseId: string,
    crisisId: string,
    requested: LagebildAudience | undefined,
    user: Principal,
    correlationId: string,
  ): Promise<Lagebild> {
    const hidden = () =>
      new ApplicationError('crisis.not_found', `No crisis ${crisisId} for this case is visible to you.`, [
        { field: 'path.crisisId', reason: 'unknown crisis' },
      ]);
    const facts = await this.caseFacts.get(caseId);
    const crisis = crisisOf(facts, crisisId);
    const lead = facts.leadOrganisationId;
    if (lead === null || !crisis) throw hidden();
    // The report is the crisis's course (every alarm, receipt, escalation), which the case facts do
    // not keep: it reads the case stream, as the timeline's integrity check does.
    const events = await this.store.readStream(caseStreamId(caseId));
    const holders = crisisTaskHolders(events, crisisId);
    if (!holders) throw hidden();
    const decision = lagebildAccessFor(user, lead, holders);
    if (decision.kind === 'hidden') throw hidden();
    const audience = requested ?? decision.audiences[0]!;
    if (!decision.audiences.includes(audience)) {
      throw new ApplicationError(
        'access.forbidden',
        `You may not read ${audienceNames[audience]} Lagebild; yours: ${decision.audiences.join(', ')}.`,
        [{ field: 'query.audience', reason: `not one of ${decision.audiences.join(', ')}` }],
      );
    }
    // The gate is the Lagebild's own (lagebildAccessFor); the record is the one every read gets.
    await this.ds.query(
      `INSERT INTO case_access_log
         (case_id, resource, user_id, user_role, organisation_id, purpose, break_glass, reason, correlation_id, accessed_at)
       VALUES ($1, 'lagebild', $2, $3, $4, $5, false, NULL, $6, $7)`,
      [caseId, user.id, decision.role, user.organisationId, decision.purpose, correlationId, this.clock()],
    );

    const agreement = await this.agreementOf(crisis);
    const opened = await this.open(facts, crisis, audience, agreement);
    const people = await this.directory.people(
      crisisEventsOf(events, crisisId).flatMap((e) => (e.metadata?.actorId ? [e.metadata.actorId] : [])),
    );
    const report = assembleLagebild({
      audience,
      availableAudiences: decision.audiences,
      caseId,
      crisisId,
      events,
      agreement,
      facts: opened,
      people: Object.fromEntries(people),
      generatedAt: this.clock().toISOString(),
    });
    return this.openReasons(report, facts.erasure !== null);
  }

  /**
   * The log's free text (decline and cancel reasons, for the supervisor's audience only: the
   * domain leaves it out for every other) opened: the text, or "gelöscht" after the erasure
   * (docs/adr/0018). The PDF is drawn from this report, so it shows the same.
   */
  private async openReasons(report: Lagebild, erased: boolean): Promise<Lagebild> {
    const log = await Promise.all(
      report.actions.log.map(async (a) => {
        if (a.reason === undefined) return a;
        return { ...a, reason: await showFreeText(this.vault, a.reason as unknown, erased) };
      }),
    );
    return { ...report, actions: { ...report.actions, log } };
  }

  /** Opens what the audience's fields need, nothing more; the Runder Tisch opens nothing. */
  private async open(
    facts: CaseFacts,
    crisis: CrisisFacts,
    audience: LagebildAudience,
    agreement: CooperationAgreement,
  ): Promise<LagebildFacts> {
    const fields = new Set(audience === 'runder_tisch' ? [] : lagebildFieldsFor(audience, agreement));
    const { registration } = facts;
    const needsPerson = fields.has('youngPersonName') || fields.has('dateOfBirth') || fields.has('ageYears');
    const needsSituation = fields.has('location') || fields.has('situationNote') || fields.has('triggeredBy');
    const [youngPerson, situation, guardians] = await Promise.all([
      registration && needsPerson ? this.vault.open<YoungPersonDetails>(registration.youngPerson) : null,
      crisis.situation && needsSituation ? this.vault.open<CrisisSituation>(crisis.situation) : null,
      fields.has('guardians')
        ? Promise.all(
            facts.guardians.map(async (g) => ({
              guardianId: g.guardianId,
              opened: await this.vault.open<GuardianDetails>(g.details),
            })),
          )
        : null,
    ]);
    // The log says whether the young person was erased, even for an audience that opens nothing.
    const erased = erasedOf(youngPerson, situation, ...(guardians ?? []).map((g) => g.opened));
    const erasedAt = facts.erasure?.erasedAt ?? erased?.erasedAt ?? null;
    return {
      status: erasedAt ? 'erased' : 'available',
      erasedAt,
      youngPerson: youngPerson?.status === 'available' ? youngPerson.value : null,
      situation: situation?.status === 'available' ? situation.value : null,
      guardians: guardians
        ? guardians.flatMap((g) =>
            g.opened.status === 'available'
              ? [{ guardianId: g.guardianId, name: g.opened.value.name, relation: g.opened.value.relation }]
              : [],
          )
        : null,
    };
  }

  /** The version the crisis runs under; crises from before issue 4 recorded none: the one then in force. */
  private async agreementOf(crisis: CrisisFacts): Promise<CooperationAgreement> {
    if (crisis.agreement) return this.agreements.version(crisis.agreement.agreementId, crisis.agreement.version);
    return this.agreements.inForceFor(crisis.triggeredBy.organisationId ?? '', crisis.triggeredAt);
  }
}
