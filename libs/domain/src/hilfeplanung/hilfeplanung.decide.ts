import {
  planningParties,
  statementParties,
  type HilfeplanungEvent,
  type PlanningParty,
  type StatementParty,
} from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { addDays, addMonths, isAfter } from './calendar';
import type { HilfeplanungCommand } from './hilfeplanung.commands';
import type { HilfeplanungState } from './hilfeplanung.state';

const refuse = (code: string, message: string): never => {
  throw new DomainRuleViolation(code, message);
};

const isStatementParty = (p: PlanningParty): p is StatementParty => (statementParties as readonly string[]).includes(p);

/**
 * decide(command, state) → events for the help-planning cycle (§36 SGB VIII). Pure: every refusal
 * is a DomainRuleViolation with a stable code; an empty result means "nothing to do" (a timer
 * that fired after the thing it guarded already happened).
 */
export function decideHilfeplanung(c: HilfeplanungCommand, s: HilfeplanungState): HilfeplanungEvent[] {
  const ids = { planningId: s.planningId, caseId: s.caseId, cycle: s.cycle };
  if (s.phase === 'ended' && c.type !== 'EndHelp') return refuse('planning.ended', 'the help has ended');

  switch (c.type) {
    case 'StartCycle': {
      if (s.phase !== 'none' && s.phase !== 'plan_in_force') {
        return refuse('planning.cycle_open', `cycle ${s.cycle} is still open`);
      }
      const base = { planningId: c.planningId, caseId: c.caseId, cycle: c.cycle };
      const from = c.origin.kind === 'discharge' ? c.origin.dischargedAt : c.now;
      return [
        {
          type: 'HilfeplanungStarted',
          data: {
            ...base,
            origin: c.origin,
            startedAt: c.now,
            meetingToBeScheduledBy: addDays(from, c.rules.scheduleMeetingWithinDays),
          },
        },
        ...statementParties.map((party): HilfeplanungEvent => ({
          type: 'StatementRequested',
          data: { ...base, party, dueAt: addDays(c.now, c.rules.statementDueDays), requestedAt: c.now },
        })),
      ];
    }

    case 'ScheduleMeeting':
      if (s.phase !== 'awaiting_schedule' && s.phase !== 'meeting_scheduled') {
        return refuse('planning.not_schedulable', `no meeting can be scheduled now (${s.phase})`);
      }
      if (!isAfter(c.meetingAt, c.now)) return refuse('planning.meeting_in_past', 'the meeting must lie in the future');
      return [
        {
          type: 'MeetingScheduled',
          data: { ...ids, meetingAt: c.meetingAt, invited: [...planningParties], scheduledAt: c.now },
        },
      ];

    case 'AnswerInvitation':
      if (s.phase !== 'meeting_scheduled')
        return refuse('planning.no_meeting', 'there is no scheduled meeting to answer');
      if (!s.invitations[c.party]) return refuse('planning.not_invited', `${c.party} is not invited`);
      if (s.invitations[c.party] === c.answer) return [];
      return [
        {
          type: 'InvitationAnswered',
          data: {
            ...ids,
            party: c.party,
            answer: c.answer,
            ...(c.reason ? { reason: c.reason } : {}),
            answeredAt: c.now,
            ...(c.actedOnDevice ? { actedOnDevice: c.actedOnDevice } : {}),
          },
        },
      ];

    case 'SubmitStatement': {
      if (!isStatementParty(c.party) || !s.statements[c.party]) {
        return refuse('planning.statement_not_requested', `no statement was requested from ${c.party}`);
      }
      if (s.statements[c.party]!.status === 'submitted') {
        return refuse('planning.statement_already_submitted', `the ${c.party} statement is already in`);
      }
      return [{ type: 'StatementSubmitted', data: { ...ids, party: c.party, content: c.content, submittedAt: c.now } }];
    }

    case 'RecordPlan': {
      if (s.phase !== 'meeting_scheduled')
        return refuse('planning.no_meeting', 'schedule the meeting before recording its plan');
      if (c.goals.length === 0) return refuse('planning.plan_without_goals', 'a Hilfeplan needs at least one goal');
      const goalIds = new Set(c.goals.map((g) => g.goalId));
      if (goalIds.size !== c.goals.length) return refuse('planning.duplicate_goal', 'goal ids must be unique');
      const orphan = c.measures.find((m) => !goalIds.has(m.goalId));
      if (orphan)
        return refuse('planning.unknown_goal', `measure ${orphan.measureId} names unknown goal ${orphan.goalId}`);
      if (!c.participants.includes('young_person')) {
        return refuse('planning.young_person_missing', 'the young person takes part in the Hilfeplan (§36 SGB VIII)');
      }
      const nextReviewAt = c.nextReviewAt ?? addMonths(c.heldAt, c.rules.reviewIntervalMonths);
      if (!isAfter(nextReviewAt, c.now))
        return refuse('planning.review_in_past', 'the next review must lie in the future');
      return [
        {
          type: 'HilfeplanRecorded',
          data: {
            ...ids,
            heldAt: c.heldAt,
            participants: c.participants,
            youngPersonView: c.youngPersonView,
            goals: c.goals,
            measures: c.measures,
            nextReviewAt,
            recordedAt: c.now,
          },
        },
      ];
    }

    case 'EscalateScheduling':
      if (s.phase !== 'awaiting_schedule' || s.schedulingEscalated || !s.meetingToBeScheduledBy) return [];
      return [
        {
          type: 'SchedulingOverdue',
          data: { ...ids, dueAt: s.meetingToBeScheduledBy, escalatedTo: 'supervisor', escalatedAt: c.now },
        },
      ];

    case 'RemindMeeting': {
      if (s.phase !== 'meeting_scheduled' || !s.meetingAt || s.remindedFor === s.meetingAt) return [];
      const reminded = planningParties.filter((p) => s.invitations[p] && s.invitations[p] !== 'declined');
      return [
        {
          type: 'MeetingReminderSent',
          data: { ...ids, meetingAt: s.meetingAt, remindedParties: reminded, sentAt: c.now },
        },
      ];
    }

    case 'StatementDeadlinePassed': {
      const st = s.statements[c.party];
      if (s.phase === 'plan_in_force') return []; // the meeting was held without it
      if (!st || st.status === 'submitted' || st.status === 'escalated' || isAfter(st.dueAt, c.now)) return [];
      if (st.status === 'requested') {
        return [
          {
            type: 'StatementReminderSent',
            data: {
              ...ids,
              party: c.party,
              missedDueAt: st.dueAt,
              newDueAt: addDays(c.now, c.rules.statementGraceDays),
              sentAt: c.now,
            },
          },
        ];
      }
      return [
        {
          type: 'StatementOverdueEscalated',
          data: { ...ids, party: c.party, missedDueAt: st.dueAt, escalatedTo: 'supervisor', escalatedAt: c.now },
        },
      ];
    }

    case 'RequestReview':
      if (s.phase !== 'plan_in_force') return refuse('planning.no_plan', 'an earlier review needs a plan in force');
      if (s.reviewRequested) return [];
      return [
        { type: 'ReviewRequested', data: { ...ids, requestedBy: c.requestedBy, reason: c.reason, requestedAt: c.now } },
      ];

    case 'EndHelp':
      if (s.phase === 'ended') return [];
      if (s.phase === 'none') return refuse('planning.not_started', 'the help planning has not started');
      return [
        { type: 'HelpEnded', data: { ...ids, reason: c.reason, ...(c.note ? { note: c.note } : {}), endedAt: c.now } },
      ];
  }
}
