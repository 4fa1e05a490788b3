/*
 * Every command of the crisis protocol against its state, in one switch: the rules interlock (who
 * may act on which task, which deadline a step sets, when the crisis closes), and reading them in
 * one place is how a reviewer checks the protocol against seed 002. Routing, escalation and
 * permissions are their own files.
 */
import {
  crisisParties,
  type CooperationAgreement,
  type CrisisEvent,
  type TaskAnswerSupersededData,
} from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { refOf } from '../agreement/agreement-registry';
import { statutoryDeadline } from '../agreement/statutory-deadline';
import { contactOf, routeAt } from './contact-routing';
import { taskIdFor, type CrisisCommand } from './crisis.commands';
import { assertMayActOn } from './crisis.permissions';
import { declineReasonCategoriesOf } from './decline-reason-categories';
import { isActive, type CrisisState, type CrisisTask } from './crisis.state';
import { escalate, plusMinutes } from './escalation.policy';
import { supersededKey } from './crisis.evolve';

const notOpen = (s: CrisisState) =>
  new DomainRuleViolation('crisis.not_open', `crisis ${s.crisisId} is not open (${s.status})`);

function taskOf(state: CrisisState, taskId: string): CrisisTask {
  const task = state.tasks[taskId];
  if (!task) throw new DomainRuleViolation('task.unknown', `crisis ${state.crisisId} has no task ${taskId}`);
  return task;
}

/**
 * decide(command, state, agreement) → events. Pure: the same input always gives the same events.
 * An empty result means "nothing to record" (a repeated acknowledgement, a stale timer); a
 * refusal throws a DomainRuleViolation with a stable code.
 */
export function decideCrisis(
  command: CrisisCommand,
  state: CrisisState,
  agreement: CooperationAgreement,
): CrisisEvent[] {
  if (command.type === 'TriggerCrisis') {
    if (state.status !== 'none') {
      throw new DomainRuleViolation('crisis.already_triggered', `crisis ${command.crisisId} was already triggered`);
    }
    return [
      {
        type: 'CrisisTriggered',
        data: {
          crisisId: command.crisisId,
          caseId: command.caseId,
          dangerKind: command.dangerKind,
          urgency: command.urgency,
          triggeredAt: command.now,
          agreement: refOf(agreement),
          ...(command.situation ? { situation: command.situation } : {}),
          ...(command.actedOnDevice ? { actedOnDevice: command.actedOnDevice } : {}),
        },
      },
    ];
  }
  const crisisId = state.crisisId;

  switch (command.type) {
    case 'NotifyParty': {
      if (state.status !== 'open') throw notOpen(state);
      const taskId = taskIdFor(command.party);
      if (state.tasks[taskId]) return [];
      // The route follows the trigger time: that is when the youth office had to be reached.
      const { kind, route } = routeAt(agreement, command.party, state.triggeredAt ?? command.now);
      const contact = contactOf(agreement, route.firstContactId);
      return [
        {
          type: 'PartyNotified',
          data: {
            crisisId,
            taskId,
            party: command.party,
            contactId: contact.id,
            organisationId: contact.organisationId,
            route: kind,
            notifiedAt: command.now,
            deadline: plusMinutes(command.now, route.ackDeadlineMinutes),
          },
        },
      ];
    }

    case 'AcknowledgeTask': {
      if (!isActive(state)) throw notOpen(state);
      const task = taskOf(state, command.taskId);
      if (task.status === 'acknowledged') {
        // The same organisation again (a double click, a retried request): nothing new happened.
        if (task.acknowledgement?.by.organisationId === command.actor.organisationId) return [];
        throw new DomainRuleViolation('task.not_open', `task ${task.taskId} was already acknowledged`);
      }
      if (command.method === 'guardian_code') {
        // The guardian has no account: the one-time code the API checked is the proof, and it
        // answers only the guardian's own task.
        if (task.party !== 'guardian' || command.actor.role !== 'guardian') {
          throw new DomainRuleViolation('task.not_permitted', 'a guardian code answers only the guardian task');
        }
      } else {
        assertMayActOn(agreement, task, command.actor, { holderOnly: false });
      }
      if (command.method === 'phone_call' || command.method === 'in_person') {
        if (task.party !== 'guardian') {
          throw new DomainRuleViolation('task.not_permitted', 'only the guardian task is recorded as reached by phone');
        }
      }
      return [
        {
          type: 'TaskAcknowledged',
          data: {
            crisisId,
            taskId: task.taskId,
            party: task.party,
            acknowledgedBy: command.actor,
            acknowledgedAt: command.now,
            ...(command.method ? { method: command.method } : {}),
            ...(command.actedOnDevice ? { actedOnDevice: command.actedOnDevice } : {}),
          },
        },
      ];
    }

    case 'DeclineTask': {
      if (!isActive(state)) throw notOpen(state);
      const task = taskOf(state, command.taskId);
      if (task.status !== 'open') {
        throw new DomainRuleViolation('task.not_open', `task ${task.taskId} is ${task.status}`);
      }
      assertMayActOn(agreement, task, command.actor, { holderOnly: true });
      const category = command.reasonCategory;
      if (category !== undefined && !declineReasonCategoriesOf(agreement).some((c) => c.id === category)) {
        throw new DomainRuleViolation(
          'task.unknown_reason_category',
          `${category} is not a decline reason category of the agreement`,
        );
      }
      return [
        {
          type: 'TaskDeclined',
          data: {
            crisisId,
            taskId: task.taskId,
            party: task.party,
            contactId: task.contactId,
            reason: command.reason,
            declinedBy: command.actor,
            declinedAt: command.now,
            ...(command.actedOnDevice ? { actedOnDevice: command.actedOnDevice } : {}),
            ...(category !== undefined ? { reasonCategory: category } : {}),
          },
        },
        ...escalate(agreement, crisisId, task, {
          cause: 'declined',
          now: command.now,
          declinedBy: [...task.declinedBy, task.organisationId],
        }),
      ];
    }

    case 'EscalateOverdueTask': {
      const task = state.tasks[command.taskId];
      // Acknowledged, reassigned or closed since the timer was set: the timer is stale.
      if (!isActive(state) || !task || task.status !== 'open' || task.deadline !== command.deadline) return [];
      return escalate(agreement, crisisId, task, {
        cause: 'deadline_missed',
        now: command.now,
        missedDeadline: command.deadline,
        declinedBy: task.declinedBy,
      });
    }

    case 'EscalateUnreachedTask': {
      const task = state.tasks[command.taskId];
      if (
        !isActive(state) ||
        !task ||
        task.status !== 'open' ||
        task.contactId !== command.contactId ||
        task.deadline !== command.deadline
      ) {
        return [];
      }
      return escalate(agreement, crisisId, task, {
        cause: 'not_reached',
        now: command.now,
        declinedBy: task.declinedBy,
      });
    }

    case 'ReportAmbulanceDispatch': {
      if (!isActive(state)) throw notOpen(state);
      const task = taskOf(state, taskIdFor('ambulance'));
      assertMayActOn(agreement, task, command.actor, { holderOnly: false });
      const last = state.ambulance;
      // The same report again (a retried request) is not a new fact.
      if (
        last?.dispatchReference === command.dispatchReference &&
        last.expectedArrivalAt === (command.expectedArrivalAt ?? null)
      ) {
        return [];
      }
      const events: CrisisEvent[] = [];
      // Reporting the dispatch is the Leitstelle's acknowledgement.
      if (task.status !== 'acknowledged') {
        events.push({
          type: 'TaskAcknowledged',
          data: {
            crisisId,
            taskId: task.taskId,
            party: 'ambulance',
            acknowledgedBy: command.actor,
            acknowledgedAt: command.now,
          },
        });
      }
      events.push({
        type: 'AmbulanceDispatchReported',
        data: {
          crisisId,
          taskId: task.taskId,
          dispatchReference: command.dispatchReference,
          ...(command.expectedArrivalAt ? { expectedArrivalAt: command.expectedArrivalAt } : {}),
          reportedBy: command.actor,
          reportedAt: command.now,
          ...(command.actedOnDevice ? { actedOnDevice: command.actedOnDevice } : {}),
        },
      });
      return events;
    }

    case 'DecideAdmission': {
      if (state.status !== 'open') throw notOpen(state);
      const clinicTask = taskOf(state, taskIdFor('clinic'));
      // Any clinic the task reached and that has not declined: the young person may be there.
      assertMayActOn(agreement, clinicTask, command.actor, { holderOnly: false });
      if (command.decision === 'not_admitted') {
        if (!command.followUp || !agreement.notAdmittedFollowUps.includes(command.followUp)) {
          throw new DomainRuleViolation(
            'admission.follow_up_required',
            `not admitted needs one of the agreed follow-ups: ${agreement.notAdmittedFollowUps.join(', ')}`,
          );
        }
      }
      const events: CrisisEvent[] = [];
      // Deciding on admission is the strongest acknowledgement there is.
      if (clinicTask.status !== 'acknowledged') {
        events.push({
          type: 'TaskAcknowledged',
          data: {
            crisisId,
            taskId: clinicTask.taskId,
            party: 'clinic',
            acknowledgedBy: command.actor,
            acknowledgedAt: command.now,
          },
        });
      }
      events.push({
        type: 'AdmissionDecided',
        data: {
          crisisId,
          decision: command.decision,
          ...(command.decision === 'not_admitted' ? { followUp: command.followUp } : {}),
          decidedBy: command.actor,
          decidedAt: command.now,
          ...(command.actedOnDevice ? { actedOnDevice: command.actedOnDevice } : {}),
        },
      });
      if (command.decision === 'admitted_deprivation_of_liberty') {
        const rule = agreement.familyCourtDecision;
        const owner = taskOf(state, taskIdFor(rule.ownerParty));
        events.push({
          type: 'FamilyCourtDecisionRequired',
          data: {
            crisisId,
            taskId: taskIdFor('family_court'),
            ownerParty: rule.ownerParty,
            organisationId: owner.organisationId,
            contactId: owner.contactId,
            legalBasis: rule.legalBasis,
            requiredAt: command.now,
            deadline: statutoryDeadline(rule.deadline, command.now),
          },
        });
      }
      return events;
    }

    case 'JoinTrigger':
      // Joined while it runs (open or admitted); an ended crisis has no log to join.
      if (!isActive(state)) throw notOpen(state);
      return [
        {
          type: 'CrisisTriggerJoined',
          data: {
            crisisId,
            joinedBy: command.actor,
            joinedAt: command.now,
            dangerKind: command.dangerKind,
            urgency: command.urgency,
            ...(command.situation ? { situation: command.situation } : {}),
            ...(command.actedOnDevice ? { actedOnDevice: command.actedOnDevice } : {}),
          },
        },
      ];

    case 'RecordSupersededAnswer':
      return decideSuperseded(command, state, agreement);

    case 'CancelCrisis':
      if (state.status !== 'open') throw notOpen(state);
      return [
        {
          type: 'CrisisCancelled',
          data: {
            crisisId,
            reason: command.reason,
            cancelledAt: command.now,
            ...(command.actedOnDevice ? { actedOnDevice: command.actedOnDevice } : {}),
          },
        },
      ];

    case 'AnnounceDischarge': {
      if (state.status !== 'admitted') {
        throw new DomainRuleViolation(
          'crisis.not_admitted',
          `crisis ${crisisId} has no admitted stay (${state.status})`,
        );
      }
      const clinicTask = taskOf(state, taskIdFor('clinic'));
      assertMayActOn(agreement, clinicTask, command.actor, { holderOnly: false });
      if (command.actor.organisationId !== state.admission?.organisationId) {
        throw new DomainRuleViolation('task.wrong_organisation', 'only the admitting clinic announces the discharge');
      }
      const participants = crisisParties
        .filter((p) => p !== 'ambulance')
        .flatMap((party) => {
          const t = state.tasks[taskIdFor(party)];
          return t ? [{ party, organisationId: t.organisationId }] : [];
        });
      return [
        {
          type: 'DischargeAnnounced',
          data: { crisisId, plannedFor: command.plannedFor, announcedBy: command.actor, announcedAt: command.now },
        },
        {
          type: 'HilfeplanungRequested',
          data: { crisisId, caseId: state.caseId, participants, requestedAt: command.now },
        },
      ];
    }
  }
}

/**
 * A late answer is recorded only when it really came too late: from a person in a role acting for
 * the task's party, of an organisation the task reached, and only when the task (or the crisis)
 * had moved on so that the answer itself is refused; otherwise the answer is to be sent as such,
 * and this refuses (`answer.not_superseded`). Each person's late answer to a task is recorded once.
 */
function decideSuperseded(
  command: Extract<CrisisCommand, { type: 'RecordSupersededAnswer' }>,
  state: CrisisState,
  agreement: CooperationAgreement,
): CrisisEvent[] {
  if (state.status === 'none') throw notOpen(state);
  const task = taskOf(state, command.taskId);
  const { actor } = command;
  if (!task.attempts.some((a) => a.organisationId === actor.organisationId)) {
    throw new DomainRuleViolation('task.wrong_organisation', `task ${task.taskId} never reached your organisation`);
  }
  assertMayActOn(agreement, { ...task, declinedBy: [] }, actor, { holderOnly: false });
  if ((state.supersededAnswers ?? []).includes(supersededKey(task.taskId, actor.id, command.answer))) return [];
  const notSuperseded = () =>
    new DomainRuleViolation('answer.not_superseded', `task ${task.taskId} still takes this answer; send it as such`);
  const lastMove = task.attempts[task.attempts.length - 1]?.notifiedAt;
  let instead: TaskAnswerSupersededData['instead'];
  let insteadAt: string | undefined;
  let insteadBy: typeof actor | undefined;
  if (!isActive(state)) {
    instead = 'crisis_closed';
    insteadAt = state.cancellation?.cancelledAt ?? state.admission?.decidedAt;
  } else if (task.status === 'acknowledged') {
    // An acknowledgement after one's own organisation's is that acknowledgement (answered 200);
    // a decline after it came too late, whoever of the organisation acknowledged.
    const ownOrganisation = task.acknowledgement?.by.organisationId === actor.organisationId;
    if (command.answer === 'acknowledge' && ownOrganisation) throw notSuperseded();
    instead = 'acknowledged';
    insteadAt = task.acknowledgement?.at;
    insteadBy = task.acknowledgement?.by;
  } else if (task.status !== 'open' || (command.answer === 'decline' && task.organisationId !== actor.organisationId)) {
    instead = 'moved_on';
    insteadAt = lastMove;
  } else {
    throw notSuperseded();
  }
  return [
    {
      type: 'TaskAnswerSuperseded',
      data: {
        crisisId: state.crisisId,
        taskId: task.taskId,
        party: task.party,
        answer: command.answer,
        answeredBy: actor,
        receivedAt: command.now,
        actedOnDevice: command.actedOnDevice,
        instead,
        ...(insteadBy ? { insteadBy } : {}),
        ...(insteadAt ? { insteadAt } : {}),
      },
    },
  ];
}
