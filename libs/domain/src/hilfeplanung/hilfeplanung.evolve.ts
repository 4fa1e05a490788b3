import { planningParties, statementParties, type HilfeplanungEvent } from '@hilfenetz/contracts';
import type { HilfeplanungState } from './hilfeplanung.state';

/** evolve(state, event) → state. The workflow's live state and any replay of the stream agree. */
export function evolveHilfeplanung(s: HilfeplanungState, e: HilfeplanungEvent): HilfeplanungState {
  switch (e.type) {
    case 'HilfeplanungStarted':
      return {
        ...s,
        phase: 'awaiting_schedule',
        planningId: e.data.planningId,
        caseId: e.data.caseId,
        cycle: e.data.cycle,
        meetingToBeScheduledBy: e.data.meetingToBeScheduledBy,
        schedulingEscalated: false,
        meetingAt: null,
        invitations: {},
        remindedFor: null,
        statements: {},
        reviewRequested: false,
      };
    case 'StatementRequested':
      return { ...s, statements: { ...s.statements, [e.data.party]: { status: 'requested', dueAt: e.data.dueAt } } };
    case 'MeetingScheduled':
      return {
        ...s,
        phase: 'meeting_scheduled',
        meetingAt: e.data.meetingAt,
        invitations: Object.fromEntries(e.data.invited.map((p) => [p, 'pending'])),
      };
    case 'InvitationAnswered':
      return { ...s, invitations: { ...s.invitations, [e.data.party]: e.data.answer } };
    case 'MeetingReminderSent':
      return { ...s, remindedFor: e.data.meetingAt };
    case 'SchedulingOverdue':
      return { ...s, schedulingEscalated: true };
    case 'StatementSubmitted':
      return patchStatement(s, e.data.party, { status: 'submitted' });
    case 'StatementReminderSent':
      return patchStatement(s, e.data.party, { status: 'reminded', dueAt: e.data.newDueAt });
    case 'StatementOverdueEscalated':
      return patchStatement(s, e.data.party, { status: 'escalated' });
    case 'HilfeplanRecorded':
      return { ...s, phase: 'plan_in_force', nextReviewAt: e.data.nextReviewAt, lastPlanRecordedAt: e.data.recordedAt };
    case 'ReviewRequested':
      return { ...s, reviewRequested: true };
    case 'HelpEnded':
      return { ...s, phase: 'ended' };
  }
}

function patchStatement(
  s: HilfeplanungState,
  party: (typeof statementParties)[number],
  patch: Partial<NonNullable<HilfeplanungState['statements'][typeof party]>>,
): HilfeplanungState {
  const current = s.statements[party];
  if (!current) return s;
  return { ...s, statements: { ...s.statements, [party]: { ...current, ...patch } } };
}

/** The live view the workflow's query returns. */
export function hilfeplanungLiveState(s: HilfeplanungState) {
  return {
    planningId: s.planningId,
    caseId: s.caseId,
    cycle: s.cycle,
    phase: s.phase === 'none' ? ('awaiting_schedule' as const) : s.phase,
    meetingToBeScheduledBy: s.meetingToBeScheduledBy,
    meetingAt: s.meetingAt,
    invitations: planningParties
      .filter((p) => s.invitations[p])
      .map((party) => ({ party, answer: s.invitations[party]! })),
    statements: statementParties
      .filter((p) => s.statements[p])
      .map((party) => ({ party, status: s.statements[party]!.status, dueAt: s.statements[party]!.dueAt })),
    nextReviewAt: s.nextReviewAt,
    schedulingEscalated: s.schedulingEscalated,
  };
}
