import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type BriefingField,
  type CooperationAgreement,
  type CrisisParty,
  type CrisisSituation,
  type FollowUpTaskKind,
  type GuardianDetails,
  type Principal,
  type TaskBriefing,
  type YoungPersonDetails,
} from '@hilfenetz/contracts';
import {
  ageInYears,
  berlinDay,
  briefingFieldsFor,
  crisisOf,
  declineReasonCategoriesOf,
  type CrisisFacts,
} from '@hilfenetz/domain';
import type { OpenedValue, PersonalDataVault } from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import type { DataSource } from 'typeorm';
import { CaseAccessService } from '../access/case-access.service';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { DirectoryService } from '../directory/directory.service';
import { DATA_SOURCE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';

interface TaskRow {
  organisation_id: string;
  party: string;
  kind: string;
}

const erasedOf = (...opened: (OpenedValue<unknown> | null)[]) =>
  opened.find((o): o is { status: 'erased'; erasedAt: string } => o?.status === 'erased') ?? null;

/**
 * A task's briefing: what the party holding it needs to act, opened from the sealed case data for
 * that party only, with the fields the agreement the crisis runs under grants its role. Every
 * read is in the case's access log; someone who may not read it learns nothing, not even that the
 * task exists (404).
 */
@Injectable()
export class BriefingService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly facts: CaseFactsRepository,
    private readonly access: CaseAccessService,
    private readonly agreements: AgreementRegistryService,
    private readonly directory: DirectoryService,
  ) {}

  async briefing(
    caseId: string,
    crisisId: string,
    taskId: string,
    user: Principal,
    correlationId: string,
  ): Promise<TaskBriefing> {
    const hidden = () =>
      new ApplicationError('task.unknown', `No task ${taskId} of this crisis is visible to you.`, [
        { field: 'path.taskId', reason: 'unknown task' },
      ]);
    // The inbox row is what the holder sees: whoever holds the task there now reads its briefing.
    const [task]: TaskRow[] = await this.ds.query(
      `SELECT organisation_id, party, kind FROM task_inbox WHERE case_id = $1 AND crisis_id = $2 AND task_id = $3`,
      [caseId, crisisId, taskId],
    );
    if (!task) throw hidden();
    await this.access.authorizeBriefing(user, caseId, task.organisation_id, correlationId, hidden);

    const facts = await this.facts.get(caseId);
    const crisis = crisisOf(facts, crisisId);
    if (!crisis) throw hidden();
    const agreement = await this.agreementOf(crisis);
    const party = (task.kind === 'family_court_decision' ? 'family_court_decision' : task.party) as
      CrisisParty | FollowUpTaskKind;
    const granted = briefingFieldsFor(agreement, party);
    const has = (f: BriefingField) => granted.includes(f);
    const orgName = (id: string) => agreement.organisations.find((o) => o.id === id)?.name ?? id;

    const { registration } = facts;
    const needsYoungPerson = has('youngPersonName') || has('dateOfBirth') || has('ageYears');
    const youngPerson =
      registration && needsYoungPerson ? await this.vault.open<YoungPersonDetails>(registration.youngPerson) : null;
    const situation = crisis.situation ? await this.vault.open<CrisisSituation>(crisis.situation) : null;
    const guardians = has('guardians')
      ? await Promise.all(facts.guardians.map((g) => this.vault.open<GuardianDetails>(g.details)))
      : null;
    const erased = erasedOf(youngPerson, situation, ...(guardians ?? []));

    const person = youngPerson?.status === 'available' ? youngPerson.value : null;
    const told = situation?.status === 'available' ? situation.value : null;
    const briefing: TaskBriefing = {
      caseId,
      crisisId,
      taskId,
      party,
      granted,
      status: erased ? 'erased' : 'available',
      ...(erased ? { erasedAt: erased.erasedAt } : {}),
      // Not personal: the categories a decline of this task may name, with their labels.
      declineReasonCategories: declineReasonCategoriesOf(agreement).map(({ id, label }) => ({ id, label })),
    };
    if (has('dangerKind')) briefing.dangerKind = crisis.dangerKind;
    if (has('urgency')) briefing.urgency = crisis.urgency;
    if (has('location')) briefing.location = told?.location ?? null;
    if (has('situationNote')) briefing.situationNote = told?.note ?? null;
    if (has('youngPersonName')) briefing.youngPersonName = person ? `${person.givenName} ${person.familyName}` : null;
    if (has('dateOfBirth')) briefing.dateOfBirth = person?.dateOfBirth ?? null;
    if (has('ageYears')) {
      briefing.ageYears = person ? ageInYears(person.dateOfBirth, berlinDay(crisis.triggeredAt)) : null;
    }
    if (has('triggeredBy')) {
      const { actorId, organisationId: triggeringOrg } = crisis.triggeredBy;
      // A crisis on a bare reference has no sealed situation: the caller's name is staff data, not
      // the young person's, so the people directory may supply it; after erasure it stays gone.
      const fallbackName = situation === null ? ((await this.directory.people([actorId])).get(actorId) ?? null) : null;
      briefing.triggeredBy = {
        displayName: told ? (told.triggeredByName ?? null) : fallbackName,
        organisationName: triggeringOrg ? orgName(triggeringOrg) : '',
        callbackPhone: told?.callbackPhone ?? null,
      };
    }
    if (has('receivingClinic')) briefing.receivingClinic = await this.receivingClinic(crisisId, orgName);
    // The latest dispatch report; a later one without an ETA (a corrected number) keeps the last ETA known.
    if (has('ambulance')) briefing.ambulance = crisis.ambulance;
    if (has('guardians')) {
      briefing.guardians = erased
        ? null
        : (guardians ?? []).flatMap((g) =>
            g.status === 'available'
              ? [
                  {
                    name: g.value.name,
                    relation: g.value.relation,
                    phone: g.value.phone ?? null,
                    email: g.value.email ?? null,
                  },
                ]
              : [],
          );
    }
    return briefing;
  }

  /** The version the crisis runs under; crises from before issue 4 recorded none: the one then in force. */
  private async agreementOf(crisis: CrisisFacts): Promise<CooperationAgreement> {
    const ref = crisis.agreement;
    if (ref) return this.agreements.version(ref.agreementId, ref.version);
    return this.agreements.inForceFor(crisis.triggeredBy.organisationId ?? '', crisis.triggeredAt);
  }

  /** The clinic that holds the crisis's clinic task now (it may have escalated to another clinic). */
  private async receivingClinic(
    crisisId: string,
    orgName: (id: string) => string,
  ): Promise<TaskBriefing['receivingClinic']> {
    const [row]: { organisation_id: string }[] = await this.ds.query(
      `SELECT organisation_id FROM task_inbox WHERE crisis_id = $1 AND party = 'clinic' AND kind = 'crisis_notification'
       ORDER BY created_at LIMIT 1`,
      [crisisId],
    );
    return row ? { organisationId: row.organisation_id, name: orgName(row.organisation_id) } : null;
  }
}
