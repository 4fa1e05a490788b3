import { crisisEventSchemas, type CrisisEvent } from '@hilfenetz/contracts';
import type { CrisisState, CrisisTask } from './crisis.state';

/** One late answer of one person to one task (see TaskAnswerSuperseded). */
export const supersededKey = (taskId: string, actorId: string, answer: string): string =>
  `${taskId}:${actorId}:${answer}`;

function withTask(state: CrisisState, taskId: string, change: (t: CrisisTask) => CrisisTask): CrisisState {
  const task = state.tasks[taskId];
  if (!task) return state;
  return { ...state, tasks: { ...state.tasks, [taskId]: change(task) } };
}

/** The crisis protocol's own events, the ones `evolveCrisis` folds (delivery facts and others are not). */
export const isCrisisEvent = (e: { type: string }): e is CrisisEvent => Object.hasOwn(crisisEventSchemas, e.type);

/** evolve(state, event) → state. Folding a crisis's events rebuilds its state at any point. */
export function evolveCrisis(state: CrisisState, event: CrisisEvent): CrisisState {
  switch (event.type) {
    case 'CrisisTriggered':
      return {
        ...state,
        status: 'open',
        crisisId: event.data.crisisId,
        caseId: event.data.caseId,
        dangerKind: event.data.dangerKind,
        urgency: event.data.urgency,
        triggeredAt: event.data.triggeredAt,
        agreement: event.data.agreement ?? null,
        situation: event.data.situation ?? null,
      };
    case 'PartyNotified': {
      const d = event.data;
      const task: CrisisTask = {
        taskId: d.taskId,
        party: d.party,
        status: 'open',
        route: d.route,
        step: -1,
        contactId: d.contactId,
        organisationId: d.organisationId,
        deadline: d.deadline,
        attempts: [{ contactId: d.contactId, organisationId: d.organisationId, notifiedAt: d.notifiedAt }],
        declinedBy: [],
        escalations: 0,
        supervisorAlerted: false,
        acknowledgement: null,
      };
      return { ...state, tasks: { ...state.tasks, [d.taskId]: task } };
    }
    case 'TaskAcknowledged':
      return withTask(state, event.data.taskId, (t) => ({
        ...t,
        status: 'acknowledged',
        deadline: null,
        acknowledgement: { by: event.data.acknowledgedBy, at: event.data.acknowledgedAt },
      }));
    case 'TaskDeclined':
      return withTask(state, event.data.taskId, (t) => ({
        ...t,
        declinedBy: [...t.declinedBy, t.organisationId],
      }));
    case 'TaskEscalated': {
      const d = event.data;
      return withTask(state, d.taskId, (t) => ({
        ...t,
        step: d.step,
        contactId: d.toContactId,
        organisationId: d.toOrganisationId,
        deadline: d.deadline,
        attempts: [
          ...t.attempts,
          { contactId: d.toContactId, organisationId: d.toOrganisationId, notifiedAt: d.escalatedAt },
        ],
        escalations: t.escalations + 1,
      }));
    }
    case 'SupervisorAlerted':
      return withTask(state, event.data.taskId, (t) => ({ ...t, deadline: null, supervisorAlerted: true }));
    case 'GuardianUnreachable':
      return withTask(state, event.data.taskId, (t) => ({ ...t, status: 'unreachable', deadline: null }));
    case 'AmbulanceDispatchReported':
      return {
        ...state,
        ambulance: {
          dispatchReference: event.data.dispatchReference,
          expectedArrivalAt: event.data.expectedArrivalAt ?? null,
          reportedAt: event.data.reportedAt,
        },
      };
    case 'AdmissionDecided': {
      const d = event.data;
      return {
        ...state,
        status: d.decision === 'not_admitted' ? 'not_admitted' : 'admitted',
        admission: {
          decision: d.decision,
          followUp: d.followUp ?? null,
          decidedAt: d.decidedAt,
          organisationId: d.decidedBy.organisationId ?? null,
        },
      };
    }
    case 'FamilyCourtDecisionRequired': {
      const d = event.data;
      const task: CrisisTask = {
        taskId: d.taskId,
        party: 'family_court',
        status: 'open',
        route: 'always',
        step: -1,
        contactId: d.contactId,
        organisationId: d.organisationId,
        deadline: d.deadline,
        attempts: [{ contactId: d.contactId, organisationId: d.organisationId, notifiedAt: d.requiredAt }],
        declinedBy: [],
        escalations: 0,
        supervisorAlerted: false,
        acknowledgement: null,
      };
      return { ...state, tasks: { ...state.tasks, [d.taskId]: task } };
    }
    case 'DischargeAnnounced':
      return { ...state, plannedDischarge: event.data.plannedFor };
    case 'HilfeplanungRequested':
      return { ...state, status: 'discharged' };
    case 'CrisisTriggerJoined':
      // A record of who else raised the alarm: the crisis runs on as it was.
      return state;
    case 'TaskAnswerSuperseded': {
      const d = event.data;
      const key = supersededKey(d.taskId, d.answeredBy.id, d.answer);
      return { ...state, supersededAnswers: [...(state.supersededAnswers ?? []), key] };
    }
    case 'CrisisCancelled':
      if (state.status !== 'open') return state;
      return {
        ...state,
        status: 'cancelled',
        cancellation: { reason: event.data.reason, cancelledAt: event.data.cancelledAt },
      };
  }
}
