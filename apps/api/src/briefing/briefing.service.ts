import { Inject, Injectable } from '@nestjs/common';
import type {
  AmbulanceDispatchReportedData,
  BriefingField,
  CaseRegisteredData,
  CooperationAgreement,
  CrisisParty,
  CrisisSituation,
  CrisisTriggeredData,
  FollowUpTaskKind,
  GuardianDetails,
  Principal,
  StoredEvent,
  TaskBriefing,
  YoungPersonDetails,
} from '@hilfenetz/contracts';
import { ageInYears, briefingFieldsFor, caseStreamId, guardiansOf } from '@hilfenetz/domain';
import type { OpenedValue, PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import type { DataSource } from 'typeorm';
import { CaseAccessService } from '../access/case-access.service';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { ProblemException } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';
import { DATA_SOURCE, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';

interface TaskRow {
  organisation_id: string;
  party: string;
  kind: string;
}

/** The calendar day of an instant in Germany: an age is counted on the local day of the crisis. */
const berlinDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

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
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
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
      new ProblemException(404, 'Task not found', `No task ${taskId} of this crisis is visible to you.`, [
        { field: 'path.taskId', reason: 'unknown task' },
      ]);
    // The inbox row is what the holder sees: whoever holds the task there now reads its briefing.
    const [task]: TaskRow[] = await this.ds.query(
      `SELECT organisation_id, party, kind FROM task_inbox WHERE case_id = $1 AND crisis_id = $2 AND task_id = $3`,
      [caseId, crisisId, taskId],
    );
    if (!task) throw hidden();
    await this.access.authorizeBriefing(user, caseId, task.organisation_id, correlationId, hidden);

    const events = await this.store.readStream(caseStreamId(caseId));
    const triggered = events.find(
      (e): e is StoredEvent<string, CrisisTriggeredData> =>
        e.type === 'CrisisTriggered' && (e.data as CrisisTriggeredData).crisisId === crisisId,
    );
    if (!triggered) throw hidden();
    const crisis = triggered.data;
    const agreement = await this.agreementOf(triggered);
    const party = (task.kind === 'family_court_decision' ? 'family_court_decision' : task.party) as
      CrisisParty | FollowUpTaskKind;
    const granted = briefingFieldsFor(agreement, party);
    const has = (f: BriefingField) => granted.includes(f);
    const orgName = (id: string) => agreement.organisations.find((o) => o.id === id)?.name ?? id;

    const registration = events.find((e) => e.type === 'CaseRegistered')?.data as CaseRegisteredData | undefined;
    const needsYoungPerson = has('youngPersonName') || has('dateOfBirth') || has('ageYears');
    const youngPerson =
      registration && needsYoungPerson ? await this.vault.open<YoungPersonDetails>(registration.youngPerson) : null;
    const situation = crisis.situation ? await this.vault.open<CrisisSituation>(crisis.situation) : null;
    const guardians = has('guardians')
      ? await Promise.all(guardiansOf(events).map((g) => this.vault.open<GuardianDetails>(g.details)))
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
      const triggeringOrg = triggered.metadata.organisationId ?? null;
      // A crisis on a bare reference has no sealed situation: the caller's name is staff data, not
      // the young person's, so the people directory may supply it; after erasure it stays gone.
      const fallbackName =
        situation === null
          ? ((await this.directory.people([triggered.metadata.actorId])).get(triggered.metadata.actorId) ?? null)
          : null;
      briefing.triggeredBy = {
        displayName: told ? (told.triggeredByName ?? null) : fallbackName,
        organisationName: triggeringOrg ? orgName(triggeringOrg) : '',
        callbackPhone: told?.callbackPhone ?? null,
      };
    }
    if (has('receivingClinic')) briefing.receivingClinic = await this.receivingClinic(crisisId, orgName);
    if (has('ambulance')) {
      const reports = events.filter(
        (e) =>
          e.type === 'AmbulanceDispatchReported' && (e.data as AmbulanceDispatchReportedData).crisisId === crisisId,
      );
      const latest = reports[reports.length - 1]?.data as AmbulanceDispatchReportedData | undefined;
      briefing.ambulance = latest
        ? {
            dispatchReference: latest.dispatchReference,
            // A later report without an ETA (a corrected operation number) keeps the last ETA known.
            expectedArrivalAt:
              [...reports]
                .reverse()
                .map((r) => (r.data as AmbulanceDispatchReportedData).expectedArrivalAt)
                .find((eta) => eta !== undefined) ?? null,
            reportedAt: latest.reportedAt,
          }
        : null;
    }
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
  private async agreementOf(triggered: StoredEvent<string, CrisisTriggeredData>): Promise<CooperationAgreement> {
    const ref = triggered.data.agreement;
    if (ref) return this.agreements.version(ref.agreementId, ref.version);
    return this.agreements.inForceFor(triggered.metadata.organisationId ?? '', triggered.data.triggeredAt);
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
