/*
 * The walk over one crisis's events that the Lagebild's actions and needs come from. Long (one case
 * per event type the report shows) because the walk's state is shared between the cases: which
 * party a task belongs to decides what may be shown of every later step of it.
 */
import {
  asKnownEvent,
  type AgreementRef,
  type CooperationAgreement,
  type Lagebild,
  type LagebildAction,
  type LagebildDelivery,
  type LagebildNeeds,
  type LagebildTask,
} from '@hilfenetz/contracts';
import { evolveCrisis, isCrisisEvent } from '../crisis/crisis.evolve';
import { initialCrisisState, type CrisisState } from '../crisis/crisis.state';
import type { TaskParty } from './lagebild-audience';

/** An event of the case stream, as far as the Lagebild reads it. */
export interface LagebildEvent {
  type: string;
  data: unknown;
  metadata?: { actorId?: string; organisationId?: string };
}

type Actor = { id: string; role: string; organisationId?: string };
export type OrgRef = { id: string; name: string };
export type AckMethod = NonNullable<LagebildTask['acknowledged']>['method'];

/** How the report names organisations, contacts and people for its audience. */
export interface LagebildNames {
  agreement: Pick<CooperationAgreement, 'organisations' | 'contacts'>;
  /** The audience sees people's names (the supervisor only); otherwise nobody is named. */
  personName: (actor: Actor | undefined) => { personName?: string | null };
  visible: ReadonlySet<TaskParty>;
  supervisor: boolean;
  anonymous: boolean;
}

export type AmbulanceView = Lagebild['actions']['ambulance'];

/** What the walk over one crisis's events found: its state and what happened, as far as visible. */
export interface CrisisLog {
  state: CrisisState;
  triggered: { at: string; organisationId: string | null; actorId: string | null; agreement: AgreementRef | null };
  partyOfTask: Map<string, TaskParty>;
  attempts: Map<string, LagebildDelivery & { taskId: string }>;
  acknowledgementMethods: Map<string, AckMethod>;
  seen: Map<string, string>;
  notReached: Map<string, Set<string>>;
  log: LagebildAction[];
  missedDeadlines: LagebildNeeds['missedDeadlines'];
  ambulance: AmbulanceView;
  guardianUnreachableAt: string | null;
}

/** The organisation of an id, by its name in the agreement (the id when the agreement lacks it). */
export const orgIn =
  (agreement: LagebildNames['agreement']) =>
  (id: string | undefined | null): OrgRef | null =>
    id ? { id, name: agreement.organisations.find((o) => o.id === id)?.name ?? id } : null;

export const contactIn = (agreement: LagebildNames['agreement']) => (id: string) => ({
  id,
  label: agreement.contacts.find((c) => c.id === id)?.label ?? id,
});

function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

const crisisIdOf = (e: LagebildEvent) => (e.data as { crisisId?: unknown } | null)?.crisisId;

/** The crisis protocol's own events of `crisisId`, typed, oldest first. */
export function crisisEventsOf(events: readonly LagebildEvent[], crisisId: string) {
  return events.flatMap((e) => {
    const known = crisisIdOf(e) === crisisId ? asKnownEvent(e) : null;
    return known ? [known] : [];
  });
}

/** The crisis's state from its protocol events (delivery facts do not change it). */
export function crisisStateOf(events: readonly LagebildEvent[], crisisId: string): CrisisState {
  return crisisEventsOf(events, crisisId).reduce<CrisisState>(
    (state, e) => (isCrisisEvent(e) ? evolveCrisis(state, e) : state),
    initialCrisisState,
  );
}

/**
 * Walks one crisis's events once: the crisis state, and the actions log as the audience may see
 * it (a step of a task only with its task; one of a party the audience does not see, never).
 */
export function walkCrisisLog(events: readonly LagebildEvent[], crisisId: string, names: LagebildNames): CrisisLog {
  const { supervisor, anonymous, visible, personName } = names;
  const orgOf = orgIn(names.agreement);
  const contactOf = contactIn(names.agreement);
  const contactOrg = (id: string) => names.agreement.contacts.find((c) => c.id === id)?.organisationId ?? null;
  const found: CrisisLog = {
    state: initialCrisisState,
    triggered: { at: '', organisationId: null, actorId: null, agreement: null },
    partyOfTask: new Map(),
    attempts: new Map(),
    acknowledgementMethods: new Map(),
    seen: new Map(),
    notReached: new Map(),
    log: [],
    missedDeadlines: [],
    ambulance: null,
    guardianUnreachableAt: null,
  };
  const { partyOfTask, attempts, log, missedDeadlines } = found;
  const taskVisible = (taskId: string) => {
    const party = partyOfTask.get(taskId);
    return party !== undefined && visible.has(party);
  };
  const partyOf = (taskId: string): { party?: TaskParty } => {
    const party = partyOfTask.get(taskId);
    return party ? { party } : {};
  };
  const orgOfContact = (contactId: string) => optional('organisation', orgOf(contactOrg(contactId)));
  const orgOfActor = (actor: Actor) => optional('organisation', orgOf(actor.organisationId));

  for (const e of crisisEventsOf(events, crisisId)) {
    const before = found.state;
    if (isCrisisEvent(e)) found.state = evolveCrisis(found.state, e);
    const taskId = 'taskId' in e.data && typeof e.data.taskId === 'string' ? e.data.taskId : undefined;
    const taskBefore = taskId ? before.tasks[taskId] : undefined;
    const push = (a: LagebildAction) => {
      if (taskId !== undefined && !taskVisible(taskId)) return;
      if (a.party === undefined || visible.has(a.party)) log.push(a);
    };
    switch (e.type) {
      case 'CrisisTriggered': {
        const d = e.data;
        found.triggered = {
          at: d.triggeredAt,
          organisationId: e.metadata?.organisationId ?? null,
          actorId: e.metadata?.actorId ?? null,
          agreement: d.agreement ?? null,
        };
        push({
          at: d.triggeredAt,
          kind: 'triggered',
          ...optional('organisation', orgOf(e.metadata?.organisationId)),
          ...(supervisor && e.metadata?.actorId ? personName({ id: e.metadata.actorId, role: '' }) : {}),
        });
        break;
      }
      case 'PartyNotified': {
        const d = e.data;
        partyOfTask.set(d.taskId, d.party);
        push({
          at: d.notifiedAt,
          kind: 'alarmed',
          party: d.party,
          organisation: orgOf(d.organisationId)!,
          contact: contactOf(d.contactId),
          deadline: d.deadline,
        });
        break;
      }
      case 'FamilyCourtDecisionRequired': {
        const d = e.data;
        partyOfTask.set(d.taskId, 'family_court');
        push({
          at: d.requiredAt,
          kind: 'family_court_decision_required',
          party: 'family_court',
          organisation: orgOf(d.organisationId)!,
          contact: contactOf(d.contactId),
          deadline: d.deadline,
        });
        break;
      }
      case 'NotificationAttempted': {
        const d = e.data;
        attempts.set(d.attemptId, {
          taskId: d.taskId,
          contact: contactOf(d.contactId),
          channel: d.channel,
          attemptedAt: d.attemptedAt,
          outcome: 'pending',
          outcomeAt: null,
          cause: null,
        });
        push({
          at: d.attemptedAt,
          kind: 'notification_attempted',
          ...partyOf(d.taskId),
          ...orgOfContact(d.contactId),
          contact: contactOf(d.contactId),
          channel: d.channel,
        });
        break;
      }
      case 'NotificationDelivered': {
        const d = e.data;
        const a = attempts.get(d.attemptId);
        if (a) Object.assign(a, { outcome: 'delivered', outcomeAt: d.deliveredAt });
        push({
          at: d.deliveredAt,
          kind: 'notification_delivered',
          ...partyOf(d.taskId),
          ...orgOfContact(d.contactId),
          contact: contactOf(d.contactId),
          channel: d.channel,
        });
        break;
      }
      case 'NotificationNotDelivered': {
        const d = e.data;
        const a = attempts.get(d.attemptId);
        if (a && a.outcome === 'pending')
          Object.assign(a, { outcome: 'not_delivered', outcomeAt: d.recordedAt, cause: d.cause });
        push({
          at: d.recordedAt,
          kind: 'notification_not_delivered',
          ...partyOf(d.taskId),
          ...orgOfContact(d.contactId),
          contact: contactOf(d.contactId),
          channel: d.channel,
          cause: d.cause,
        });
        break;
      }
      case 'NotificationSeen': {
        const d = e.data;
        if (!found.seen.has(d.taskId)) found.seen.set(d.taskId, d.seenAt);
        push({
          at: d.seenAt,
          kind: 'notification_seen',
          ...partyOf(d.taskId),
          ...orgOfActor(d.seenBy),
          ...personName(d.seenBy),
        });
        break;
      }
      case 'ContactNotReached': {
        const d = e.data;
        found.notReached.set(d.taskId, (found.notReached.get(d.taskId) ?? new Set()).add(d.contactId));
        push({
          at: d.recordedAt,
          kind: 'contact_not_reached',
          ...partyOf(d.taskId),
          ...orgOfContact(d.contactId),
          contact: contactOf(d.contactId),
        });
        break;
      }
      case 'TaskAcknowledged': {
        const d = e.data;
        if (!found.acknowledgementMethods.has(d.taskId)) found.acknowledgementMethods.set(d.taskId, d.method ?? null);
        push({
          at: d.acknowledgedAt,
          kind: 'acknowledged',
          ...partyOf(d.taskId),
          ...orgOfActor(d.acknowledgedBy),
          ...(d.method ? { method: d.method } : {}),
          ...personName(d.acknowledgedBy),
        });
        break;
      }
      case 'TaskDeclined': {
        const d = e.data;
        push({
          at: d.declinedAt,
          kind: 'declined',
          ...partyOf(d.taskId),
          ...orgOfActor(d.declinedBy),
          contact: contactOf(d.contactId),
          ...personName(d.declinedBy),
          ...(supervisor ? { reason: stillSealed(d.reason) } : {}),
        });
        break;
      }
      case 'TaskEscalated': {
        const d = e.data;
        if (d.cause === 'deadline_missed' && d.missedDeadline && taskVisible(d.taskId)) {
          missedDeadlines.push({
            party: partyOfTask.get(d.taskId)!,
            organisation: orgOf(taskBefore?.organisationId ?? contactOrg(d.fromContactId))!,
            contact: contactOf(d.fromContactId),
            deadline: d.missedDeadline,
            then: 'escalated',
            at: d.escalatedAt,
          });
        }
        push({
          at: d.escalatedAt,
          kind: 'escalated',
          ...partyOf(d.taskId),
          cause: d.cause,
          organisation: orgOf(d.toOrganisationId)!,
          contact: contactOf(d.toContactId),
          deadline: d.deadline,
        });
        break;
      }
      case 'SupervisorAlerted': {
        const d = e.data;
        if (d.cause === 'deadline_missed' && d.missedDeadline && taskVisible(d.taskId) && taskBefore) {
          missedDeadlines.push({
            party: partyOfTask.get(d.taskId)!,
            organisation: orgOf(taskBefore.organisationId)!,
            contact: contactOf(taskBefore.contactId),
            deadline: d.missedDeadline,
            then: 'supervisor_alerted',
            at: d.alertedAt,
          });
        }
        push({
          at: d.alertedAt,
          kind: 'supervisor_alerted',
          ...partyOf(d.taskId),
          cause: d.cause,
          organisation: orgOf(d.organisationId)!,
          contact: contactOf(d.supervisorContactId),
        });
        break;
      }
      case 'GuardianUnreachable': {
        const d = e.data;
        found.guardianUnreachableAt = d.documentedAt;
        push({ at: d.documentedAt, kind: 'guardian_unreachable', ...partyOf(d.taskId) });
        break;
      }
      case 'AmbulanceDispatchReported': {
        const d = e.data;
        // A later report without an ETA (a corrected operation number) keeps the last ETA known.
        found.ambulance = {
          ...(anonymous ? {} : { dispatchReference: d.dispatchReference }),
          reportedAt: d.reportedAt,
          expectedArrivalAt: d.expectedArrivalAt ?? found.ambulance?.expectedArrivalAt ?? null,
          organisation: orgOf(d.reportedBy.organisationId),
        };
        push({
          at: d.reportedAt,
          kind: 'dispatch_reported',
          ...orgOfActor(d.reportedBy),
          ...(anonymous ? {} : { dispatchReference: d.dispatchReference }),
          expectedArrivalAt: d.expectedArrivalAt ?? null,
          ...personName(d.reportedBy),
        });
        break;
      }
      case 'AdmissionDecided': {
        const d = e.data;
        push({
          at: d.decidedAt,
          kind: 'admission_decided',
          ...orgOfActor(d.decidedBy),
          decision: d.decision,
          followUp: d.followUp ?? null,
          ...personName(d.decidedBy),
        });
        break;
      }
      case 'DischargeAnnounced': {
        const d = e.data;
        push({
          at: d.announcedAt,
          kind: 'discharge_announced',
          ...orgOfActor(d.announcedBy),
          plannedFor: d.plannedFor,
          ...personName(d.announcedBy),
        });
        break;
      }
      case 'HilfeplanungRequested':
        push({ at: e.data.requestedAt, kind: 'hilfeplanung_requested' });
        break;
      case 'CrisisTriggerJoined': {
        const d = e.data;
        push({
          at: d.joinedAt,
          kind: 'trigger_joined',
          ...orgOfActor(d.joinedBy),
          ...personName(d.joinedBy),
          ...(d.actedOnDevice ? { actedOnDevice: d.actedOnDevice } : {}),
          ...(d.afterEnd ? { afterEnd: true } : {}),
        });
        break;
      }
      case 'TaskAnswerSuperseded': {
        const d = e.data;
        push({
          at: d.receivedAt,
          kind: 'answer_superseded',
          party: d.party,
          ...orgOfActor(d.answeredBy),
          ...personName(d.answeredBy),
          answer: d.answer,
          instead: d.instead,
          actedOnDevice: d.actedOnDevice,
        });
        break;
      }
      case 'CrisisCancelled': {
        const d = e.data;
        push({
          at: d.cancelledAt,
          kind: 'cancelled',
          ...optional('organisation', orgOf(e.metadata?.organisationId)),
          ...(supervisor ? { reason: stillSealed(d.reason) } : {}),
        });
        break;
      }
    }
  }
  return found;
}

/**
 * A decline or cancel reason as stored (sealed, or legacy clear text): the domain cannot open it,
 * the API does before the report leaves (LagebildService.openReasons). Typed as the report's text
 * so the report has one shape; nothing outside the API sees it before it is opened.
 */
const stillSealed = (reason: unknown): string => reason as string;
