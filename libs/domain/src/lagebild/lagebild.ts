import type {
  AgreementRef,
  CooperationAgreement,
  CrisisEvent,
  CrisisSituation,
  Lagebild,
  LagebildAction,
  LagebildAudience,
  LagebildConditions,
  LagebildDelivery,
  LagebildNeeds,
  LagebildTask,
} from '@hilfenetz/contracts';
import { ageInYears } from '../briefing/briefing-grants';
import { evolveCrisis } from '../crisis/crisis.evolve';
import { initialCrisisState, type CrisisState, type CrisisTask } from '../crisis/crisis.state';
import { lagebildFieldsFor, lagebildPartiesFor, type TaskParty } from './lagebild-audience';

/** An event of the case stream, as far as the Lagebild reads it. */
export interface LagebildEvent {
  type: string;
  data: unknown;
  metadata?: { actorId?: string; organisationId?: string };
}

/**
 * What the API opened from the sealed data for this audience (nothing it may not see needs to be
 * opened). `erased`: the young person's key is gone, every personal value is null.
 */
export interface LagebildFacts {
  status: 'available' | 'erased';
  erasedAt: string | null;
  youngPerson: { givenName: string; familyName: string; dateOfBirth: string } | null;
  situation: CrisisSituation | null;
  /** The guardians by id, as recorded now. */
  guardians: { guardianId: string; name: string; relation: string }[] | null;
}

export interface LagebildInput {
  audience: LagebildAudience;
  availableAudiences: LagebildAudience[];
  caseId: string;
  crisisId: string;
  /** The case stream (events of other crises are skipped). */
  events: readonly LagebildEvent[];
  agreement: Pick<CooperationAgreement, 'organisations' | 'contacts' | 'briefings'>;
  facts: LagebildFacts;
  /** Staff display names by id (people directory); used for the supervisor only. */
  people: Readonly<Record<string, string>>;
  /** The instant the report is generated (deadlines passed by then are overdue). */
  generatedAt: string;
}

type AckMethod = NonNullable<LagebildTask['acknowledged']>['method'];
type Actor = { id: string; role: string; organisationId?: string };

/** The calendar day of an instant in Germany: an age is counted on the local day of the crisis. */
const berlinDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

const CRISIS_EVENTS = new Set<string>([
  'CrisisTriggered',
  'PartyNotified',
  'TaskAcknowledged',
  'TaskDeclined',
  'TaskEscalated',
  'SupervisorAlerted',
  'GuardianUnreachable',
  'AmbulanceDispatchReported',
  'AdmissionDecided',
  'FamilyCourtDecisionRequired',
  'DischargeAnnounced',
  'HilfeplanungRequested',
  'CrisisCancelled',
]);

/**
 * The situation report of one crisis for one audience, from the case stream and the facts opened
 * for that audience: conditions (what, where, who), actions (who was alarmed when and how, whether
 * it arrived, who acknowledged, dispatch, admission), needs (open tasks, missed deadlines, what is
 * missing). Pure: the same events, facts and instant give the same report.
 */
export function assembleLagebild(input: LagebildInput): Lagebild {
  const { audience, agreement, facts, crisisId } = input;
  const supervisor = audience === 'supervisor';
  const anonymous = audience === 'runder_tisch';
  const fields = lagebildFieldsFor(audience, agreement);
  const has = (f: (typeof fields)[number]) => fields.includes(f);
  const visible = new Set<TaskParty>(lagebildPartiesFor(audience, fields));

  const orgOf = (id: string | undefined | null) =>
    id ? { id, name: agreement.organisations.find((o) => o.id === id)?.name ?? id } : null;
  const contactOf = (id: string) => ({ id, label: agreement.contacts.find((c) => c.id === id)?.label ?? id });
  const contactOrg = (id: string) => agreement.contacts.find((c) => c.id === id)?.organisationId ?? null;
  const guardianName = (actorId: string) =>
    facts.guardians?.find((g) => `guardian:${g.guardianId}` === actorId)?.name ?? null;
  const personName = (actor: Actor | undefined): { personName?: string | null } =>
    supervisor && actor ? { personName: input.people[actor.id] ?? guardianName(actor.id) } : {};

  const ofCrisis = input.events.filter((e) => (e.data as { crisisId?: string } | null)?.crisisId === crisisId);
  let state: CrisisState = initialCrisisState;
  let triggered: { at: string; organisationId: string | null; actorId: string | null; agreement: AgreementRef | null } =
    { at: '', organisationId: null, actorId: null, agreement: null };
  const partyOfTask = new Map<string, TaskParty>();
  const attempts = new Map<string, LagebildDelivery & { taskId: string }>();
  const seen = new Map<string, string>();
  const notReached = new Map<string, Set<string>>();
  const log: LagebildAction[] = [];
  const missedDeadlines: LagebildNeeds['missedDeadlines'] = [];
  let ambulance: Lagebild['actions']['ambulance'] = null;
  let guardianUnreachableAt: string | null = null;

  const taskVisible = (taskId: string) => {
    const party = partyOfTask.get(taskId);
    return party !== undefined && visible.has(party);
  };

  for (const e of ofCrisis) {
    const before = state;
    if (CRISIS_EVENTS.has(e.type)) state = evolveCrisis(state, e as CrisisEvent);
    const d = e.data as Record<string, unknown> & { taskId?: string };
    const taskBefore = d.taskId ? before.tasks[d.taskId] : undefined;
    // A step of a task is shown with its task only; one of a task this report does not know, never.
    const push = (a: LagebildAction) => {
      if (d.taskId !== undefined && !taskVisible(d.taskId)) return;
      if (a.party === undefined || visible.has(a.party)) log.push(a);
    };
    switch (e.type) {
      case 'CrisisTriggered': {
        const t = d as { triggeredAt: string; agreement?: AgreementRef };
        triggered = {
          at: t.triggeredAt,
          organisationId: e.metadata?.organisationId ?? null,
          actorId: e.metadata?.actorId ?? null,
          agreement: t.agreement ?? null,
        };
        push({
          at: t.triggeredAt,
          kind: 'triggered',
          ...optional('organisation', orgOf(e.metadata?.organisationId)),
          ...(supervisor && e.metadata?.actorId ? personName({ id: e.metadata.actorId, role: '' }) : {}),
        });
        break;
      }
      case 'PartyNotified': {
        const p = d as {
          taskId: string;
          party: TaskParty;
          contactId: string;
          organisationId: string;
          notifiedAt: string;
          deadline: string;
        };
        partyOfTask.set(p.taskId, p.party);
        push({
          at: p.notifiedAt,
          kind: 'alarmed',
          party: p.party,
          organisation: orgOf(p.organisationId)!,
          contact: contactOf(p.contactId),
          deadline: p.deadline,
        });
        break;
      }
      case 'FamilyCourtDecisionRequired': {
        const f = d as {
          taskId: string;
          organisationId: string;
          contactId: string;
          requiredAt: string;
          deadline: string;
        };
        partyOfTask.set(f.taskId, 'family_court');
        push({
          at: f.requiredAt,
          kind: 'family_court_decision_required',
          party: 'family_court',
          organisation: orgOf(f.organisationId)!,
          contact: contactOf(f.contactId),
          deadline: f.deadline,
        });
        break;
      }
      case 'NotificationAttempted': {
        const n = d as {
          taskId: string;
          contactId: string;
          attemptId: string;
          channel: LagebildDelivery['channel'];
          attemptedAt: string;
        };
        attempts.set(n.attemptId, {
          taskId: n.taskId,
          contact: contactOf(n.contactId),
          channel: n.channel,
          attemptedAt: n.attemptedAt,
          outcome: 'pending',
          outcomeAt: null,
          cause: null,
        });
        push({
          at: n.attemptedAt,
          kind: 'notification_attempted',
          ...partyOf(n.taskId),
          ...optional('organisation', orgOf(contactOrg(n.contactId))),
          contact: contactOf(n.contactId),
          channel: n.channel,
        });
        break;
      }
      case 'NotificationDelivered': {
        const n = d as {
          taskId: string;
          contactId: string;
          attemptId: string;
          channel: LagebildDelivery['channel'];
          deliveredAt: string;
        };
        const a = attempts.get(n.attemptId);
        if (a) Object.assign(a, { outcome: 'delivered', outcomeAt: n.deliveredAt });
        push({
          at: n.deliveredAt,
          kind: 'notification_delivered',
          ...partyOf(n.taskId),
          ...optional('organisation', orgOf(contactOrg(n.contactId))),
          contact: contactOf(n.contactId),
          channel: n.channel,
        });
        break;
      }
      case 'NotificationNotDelivered': {
        const n = d as {
          taskId: string;
          contactId: string;
          attemptId: string;
          channel: LagebildDelivery['channel'];
          cause: NonNullable<LagebildDelivery['cause']>;
          recordedAt: string;
        };
        const a = attempts.get(n.attemptId);
        if (a && a.outcome === 'pending')
          Object.assign(a, { outcome: 'not_delivered', outcomeAt: n.recordedAt, cause: n.cause });
        push({
          at: n.recordedAt,
          kind: 'notification_not_delivered',
          ...partyOf(n.taskId),
          ...optional('organisation', orgOf(contactOrg(n.contactId))),
          contact: contactOf(n.contactId),
          channel: n.channel,
          cause: n.cause,
        });
        break;
      }
      case 'NotificationSeen': {
        const n = d as { taskId: string; seenBy: Actor; seenAt: string };
        if (!seen.has(n.taskId)) seen.set(n.taskId, n.seenAt);
        push({
          at: n.seenAt,
          kind: 'notification_seen',
          ...partyOf(n.taskId),
          ...optional('organisation', orgOf(n.seenBy.organisationId)),
          ...personName(n.seenBy),
        });
        break;
      }
      case 'ContactNotReached': {
        const n = d as { taskId: string; contactId: string; recordedAt: string };
        notReached.set(n.taskId, (notReached.get(n.taskId) ?? new Set()).add(n.contactId));
        push({
          at: n.recordedAt,
          kind: 'contact_not_reached',
          ...partyOf(n.taskId),
          ...optional('organisation', orgOf(contactOrg(n.contactId))),
          contact: contactOf(n.contactId),
        });
        break;
      }
      case 'TaskAcknowledged': {
        const n = d as { taskId: string; acknowledgedBy: Actor; acknowledgedAt: string; method?: AckMethod };
        push({
          at: n.acknowledgedAt,
          kind: 'acknowledged',
          ...partyOf(n.taskId),
          ...optional('organisation', orgOf(n.acknowledgedBy.organisationId)),
          ...(n.method ? { method: n.method } : {}),
          ...personName(n.acknowledgedBy),
        });
        break;
      }
      case 'TaskDeclined': {
        const n = d as { taskId: string; contactId: string; reason: string; declinedBy: Actor; declinedAt: string };
        push({
          at: n.declinedAt,
          kind: 'declined',
          ...partyOf(n.taskId),
          ...optional('organisation', orgOf(n.declinedBy.organisationId)),
          contact: contactOf(n.contactId),
          ...personName(n.declinedBy),
          ...(supervisor ? { reason: n.reason } : {}),
        });
        break;
      }
      case 'TaskEscalated': {
        const n = d as {
          taskId: string;
          cause: string;
          missedDeadline?: string;
          fromContactId: string;
          toContactId: string;
          toOrganisationId: string;
          escalatedAt: string;
          deadline: string;
        };
        if (n.cause === 'deadline_missed' && n.missedDeadline && taskVisible(n.taskId)) {
          missedDeadlines.push({
            party: partyOfTask.get(n.taskId)!,
            organisation: orgOf(taskBefore?.organisationId ?? contactOrg(n.fromContactId))!,
            contact: contactOf(n.fromContactId),
            deadline: n.missedDeadline,
            then: 'escalated',
            at: n.escalatedAt,
          });
        }
        push({
          at: n.escalatedAt,
          kind: 'escalated',
          ...partyOf(n.taskId),
          cause: n.cause,
          organisation: orgOf(n.toOrganisationId)!,
          contact: contactOf(n.toContactId),
          deadline: n.deadline,
        });
        break;
      }
      case 'SupervisorAlerted': {
        const n = d as {
          taskId: string;
          cause: string;
          missedDeadline?: string;
          supervisorContactId: string;
          organisationId: string;
          alertedAt: string;
        };
        if (n.cause === 'deadline_missed' && n.missedDeadline && taskVisible(n.taskId) && taskBefore) {
          missedDeadlines.push({
            party: partyOfTask.get(n.taskId)!,
            organisation: orgOf(taskBefore.organisationId)!,
            contact: contactOf(taskBefore.contactId),
            deadline: n.missedDeadline,
            then: 'supervisor_alerted',
            at: n.alertedAt,
          });
        }
        push({
          at: n.alertedAt,
          kind: 'supervisor_alerted',
          ...partyOf(n.taskId),
          cause: n.cause,
          organisation: orgOf(n.organisationId)!,
          contact: contactOf(n.supervisorContactId),
        });
        break;
      }
      case 'GuardianUnreachable': {
        const n = d as { taskId: string; documentedAt: string };
        guardianUnreachableAt = n.documentedAt;
        push({ at: n.documentedAt, kind: 'guardian_unreachable', ...partyOf(n.taskId) });
        break;
      }
      case 'AmbulanceDispatchReported': {
        const n = d as { dispatchReference: string; expectedArrivalAt?: string; reportedBy: Actor; reportedAt: string };
        // A later report without an ETA (a corrected operation number) keeps the last ETA known.
        const eta: string | null =
          n.expectedArrivalAt ?? (ambulance as { expectedArrivalAt: string | null } | null)?.expectedArrivalAt ?? null;
        ambulance = {
          ...(anonymous ? {} : { dispatchReference: n.dispatchReference }),
          reportedAt: n.reportedAt,
          expectedArrivalAt: eta,
          organisation: orgOf(n.reportedBy.organisationId),
        };
        push({
          at: n.reportedAt,
          kind: 'dispatch_reported',
          ...optional('organisation', orgOf(n.reportedBy.organisationId)),
          ...(anonymous ? {} : { dispatchReference: n.dispatchReference }),
          expectedArrivalAt: n.expectedArrivalAt ?? null,
          ...personName(n.reportedBy),
        });
        break;
      }
      case 'AdmissionDecided': {
        const n = d as {
          decision: NonNullable<LagebildAction['decision']>;
          followUp?: NonNullable<LagebildAction['followUp']>;
          decidedBy: Actor;
          decidedAt: string;
        };
        push({
          at: n.decidedAt,
          kind: 'admission_decided',
          ...optional('organisation', orgOf(n.decidedBy.organisationId)),
          decision: n.decision,
          followUp: n.followUp ?? null,
          ...personName(n.decidedBy),
        });
        break;
      }
      case 'DischargeAnnounced': {
        const n = d as { plannedFor: string; announcedBy: Actor; announcedAt: string };
        push({
          at: n.announcedAt,
          kind: 'discharge_announced',
          ...optional('organisation', orgOf(n.announcedBy.organisationId)),
          plannedFor: n.plannedFor,
          ...personName(n.announcedBy),
        });
        break;
      }
      case 'HilfeplanungRequested':
        push({ at: (d as { requestedAt: string }).requestedAt, kind: 'hilfeplanung_requested' });
        break;
      case 'CrisisCancelled': {
        const n = d as { reason: string; cancelledAt: string };
        push({
          at: n.cancelledAt,
          kind: 'cancelled',
          ...optional('organisation', orgOf(e.metadata?.organisationId)),
          ...(supervisor ? { reason: n.reason } : {}),
        });
        break;
      }
    }
  }

  function partyOf(taskId: string): { party?: TaskParty } {
    const party = partyOfTask.get(taskId);
    return party ? { party } : {};
  }

  const status: Lagebild['status'] = state.status === 'none' ? 'open' : state.status;
  const active = status === 'open' || status === 'admitted';
  const erased = facts.status === 'erased';
  const tasks = Object.values(state.tasks).filter((t) => visible.has(t.party));

  const taskView = (t: CrisisTask): LagebildTask => {
    const ack = t.acknowledgement;
    const ackMethod = (ofCrisis
      .filter((e) => e.type === 'TaskAcknowledged')
      .map((e) => e.data as { taskId: string; method?: AckMethod })
      .find((a) => a.taskId === t.taskId)?.method ?? null) as AckMethod;
    return {
      party: t.party,
      status: t.status === 'open' && t.supervisorAlerted ? 'supervisor_alerted' : t.status,
      organisation: orgOf(t.organisationId)!,
      contact: contactOf(t.contactId),
      alarmedAt: t.attempts[0]?.notifiedAt ?? triggered.at,
      deadline: t.deadline,
      deliveries: [...attempts.values()]
        .filter((a) => a.taskId === t.taskId)
        // An acknowledgement stops every pending attempt, as does a closed crisis: nothing awaits it.
        .map(({ taskId: _taskId, ...delivery }) =>
          delivery.outcome === 'pending' && (t.status !== 'open' || !active)
            ? { ...delivery, outcome: 'stopped' as const }
            : delivery,
        ),
      seenAt: seen.get(t.taskId) ?? null,
      escalations: t.escalations,
      acknowledged: ack
        ? {
            at: ack.at,
            organisation: orgOf(ack.by.organisationId),
            method: ackMethod,
            ...personName(ack.by),
          }
        : null,
    };
  };

  const conditions = conditionsOf(input, fields, triggered, state, tasks, orgOf);

  const gaps: LagebildNeeds['missing'] = [];
  if (active) {
    const guardianTask = tasks.find((t) => t.party === 'guardian');
    if (guardianTask?.status === 'open') {
      gaps.push({
        kind: 'guardian_not_reached',
        party: 'guardian',
        since: guardianTask.attempts[0]?.notifiedAt ?? null,
      });
    }
    const ambulanceTask = state.tasks['task-ambulance'];
    if (status === 'open' && ambulanceTask && visible.has('ambulance')) {
      if (!ambulance) {
        gaps.push({
          kind: 'no_dispatch_reported',
          party: 'ambulance',
          organisation: orgOf(ambulanceTask.organisationId)!,
          since: ambulanceTask.attempts[0]?.notifiedAt ?? triggered.at,
        });
      } else if (!(ambulance as { expectedArrivalAt: string | null }).expectedArrivalAt) {
        gaps.push({
          kind: 'no_eta_reported',
          party: 'ambulance',
          organisation: orgOf(ambulanceTask.organisationId)!,
          since: (ambulance as { reportedAt: string }).reportedAt,
        });
      }
    }
    const clinicTask = state.tasks['task-clinic'];
    if (status === 'open' && clinicTask) {
      gaps.push({
        kind: 'no_admission_decision',
        party: 'clinic',
        organisation: orgOf(clinicTask.organisationId)!,
        since: clinicTask.attempts[0]?.notifiedAt ?? triggered.at,
      });
    }
    for (const t of tasks) {
      if (t.party === 'family_court' && t.status === 'open') {
        gaps.push({
          kind: 'family_court_decision_open',
          party: 'family_court',
          organisation: orgOf(t.organisationId)!,
          since: t.attempts[0]?.notifiedAt ?? null,
        });
      }
      if (t.status === 'open' && notReached.get(t.taskId)?.has(t.contactId)) {
        gaps.push({ kind: 'contact_not_reached', party: t.party, organisation: orgOf(t.organisationId)!, since: null });
      }
      if (t.status === 'open' && t.supervisorAlerted) {
        gaps.push({ kind: 'supervisor_must_act', party: t.party, organisation: orgOf(t.organisationId)!, since: null });
      }
    }
  }
  if (guardianUnreachableAt && visible.has('guardian')) {
    gaps.push({ kind: 'guardian_unreachable', party: 'guardian', since: guardianUnreachableAt });
  }

  const now = Date.parse(input.generatedAt);
  return {
    audience,
    availableAudiences: input.availableAudiences,
    caseId: anonymous ? null : input.caseId,
    crisisId: anonymous ? null : input.crisisId,
    generatedAt: input.generatedAt,
    status,
    agreement: triggered.agreement,
    personalData: erased ? 'erased' : 'available',
    erasedAt: erased ? facts.erasedAt : null,
    conditions,
    actions: {
      tasks: tasks.map(taskView),
      ambulance: has('ambulance') || audience === 'leitstelle' ? ambulance : null,
      admission: state.admission
        ? {
            decision: state.admission.decision,
            followUp: state.admission.followUp,
            decidedAt: state.admission.decidedAt,
            organisation: orgOf(state.admission.organisationId),
          }
        : null,
      plannedDischarge: state.plannedDischarge,
      cancelledAt: state.cancellation?.cancelledAt ?? null,
      log,
    },
    needs: {
      openTasks: active
        ? tasks
            .filter((t) => t.status === 'open')
            .map((t) => ({
              party: t.party,
              organisation: orgOf(t.organisationId)!,
              contact: contactOf(t.contactId),
              deadline: t.deadline,
              overdue: t.deadline !== null && Date.parse(t.deadline) < now,
            }))
        : [],
      missedDeadlines,
      missing: gaps,
    },
  };
}

function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

function conditionsOf(
  input: LagebildInput,
  fields: readonly string[],
  triggered: { at: string; organisationId: string | null; actorId: string | null },
  state: CrisisState,
  tasks: CrisisTask[],
  orgOf: (id: string | null | undefined) => { id: string; name: string } | null,
): LagebildConditions {
  const has = (f: string) => fields.includes(f);
  const { facts } = input;
  const available = facts.status === 'available';
  const person = available ? facts.youngPerson : null;
  const told = available ? facts.situation : null;
  const conditions: LagebildConditions = {
    dangerKind: state.dangerKind ?? 'self',
    urgency: state.urgency ?? 'immediate',
    triggeredAt: triggered.at,
    triggeredBy: {
      organisation: orgOf(triggered.organisationId) ?? { id: '', name: '' },
    },
  };
  if (has('triggeredBy') && input.audience !== 'runder_tisch') {
    // A crisis on a bare reference sealed no situation: the caller's name is staff data (directory).
    const directoryName = triggered.actorId ? (input.people[triggered.actorId] ?? null) : null;
    conditions.triggeredBy.displayName = available
      ? (told?.triggeredByName ?? (facts.situation === null ? directoryName : null))
      : null;
    conditions.triggeredBy.callbackPhone = told?.callbackPhone ?? null;
  }
  if (has('location')) conditions.location = told?.location ?? null;
  if (has('situationNote')) conditions.situationNote = told?.note ?? null;
  if (has('youngPersonName')) conditions.youngPersonName = person ? `${person.givenName} ${person.familyName}` : null;
  if (has('dateOfBirth')) conditions.dateOfBirth = person?.dateOfBirth ?? null;
  if (has('ageYears')) {
    conditions.ageYears = person && triggered.at ? ageInYears(person.dateOfBirth, berlinDay(triggered.at)) : null;
  }
  if (has('guardians')) {
    conditions.guardians =
      available && facts.guardians ? facts.guardians.map(({ name, relation }) => ({ name, relation })) : null;
  }
  if (has('receivingClinic')) {
    const clinic = tasks.find((t) => t.party === 'clinic') ?? state.tasks['task-clinic'];
    conditions.receivingClinic = clinic ? orgOf(clinic.organisationId) : null;
  }
  return conditions;
}

/**
 * The organisations holding the crisis's ambulance and clinic tasks now (after escalations), from
 * the case stream: who may read the Leitstelle's and the clinic's Lagebild. Null for an unknown crisis.
 */
export function crisisTaskHolders(
  events: readonly LagebildEvent[],
  crisisId: string,
): { ambulance: string | null; clinic: string | null } | null {
  let state: CrisisState = initialCrisisState;
  for (const e of events) {
    if (!CRISIS_EVENTS.has(e.type) || (e.data as { crisisId?: string } | null)?.crisisId !== crisisId) continue;
    state = evolveCrisis(state, e as CrisisEvent);
  }
  if (state.status === 'none') return null;
  return {
    ambulance: state.tasks['task-ambulance']?.organisationId ?? null,
    clinic: state.tasks['task-clinic']?.organisationId ?? null,
  };
}
