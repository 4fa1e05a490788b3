import type { HilfeplanungEvent, SealedValue } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import type { HilfeplanungCommand } from './hilfeplanung.commands';
import { decideHilfeplanung } from './hilfeplanung.decide';
import { evolveHilfeplanung } from './hilfeplanung.evolve';
import { lindenauHilfeplanungRules as rules } from './hilfeplanung.rules';
import { initialHilfeplanungState, type HilfeplanungState } from './hilfeplanung.state';

/** Free text as the API hands it on: sealed (docs/adr/0018); a stand-in ciphertext here. */
const sealedText = (label: string): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-test',
  iv: 'aXY=',
  tag: 'dGFn',
  ct: Buffer.from(label).toString('base64'),
});

const sealed: SealedValue = { $sealed: 'A256GCM', subjectId: 'subj-1', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' };
const DISCHARGED = '2026-12-01T10:00:00.000Z';
const start: HilfeplanungCommand = {
  type: 'StartCycle',
  planningId: 'hp-1',
  caseId: 'FALL-2026-0042',
  cycle: 1,
  origin: { kind: 'discharge', crisisId: 'crisis-1', dischargedAt: DISCHARGED },
  rules,
  now: '2026-12-01T12:00:00.000Z',
};
const schedule: HilfeplanungCommand = {
  type: 'ScheduleMeeting',
  meetingAt: '2026-12-10T09:00:00.000Z',
  now: '2026-12-02T08:00:00.000Z',
};
const plan = (over: Partial<Extract<HilfeplanungCommand, { type: 'RecordPlan' }>> = {}): HilfeplanungCommand => ({
  type: 'RecordPlan',
  heldAt: '2026-12-10T09:00:00.000Z',
  participants: ['young_person', 'guardian', 'provider', 'clinic', 'youth_office'],
  youngPersonView: sealed,
  goals: [{ goalId: 'g1', text: sealed }],
  measures: [{ measureId: 'm1', goalId: 'g1', description: sealed, responsibleParty: 'clinic', dueBy: '2027-01-31' }],
  rules,
  now: '2026-12-10T11:00:00.000Z',
  ...over,
});

/** given(commands) → the state after deciding and applying each. */
function given(commands: HilfeplanungCommand[]): HilfeplanungState {
  return commands.reduce((s, c) => decideHilfeplanung(c, s).reduce(evolveHilfeplanung, s), initialHilfeplanungState);
}
const when = (s: HilfeplanungState, c: HilfeplanungCommand): HilfeplanungEvent[] => decideHilfeplanung(c, s);
const refusedWith = (s: HilfeplanungState, c: HilfeplanungCommand, code: string) => {
  try {
    decideHilfeplanung(c, s);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainRuleViolation);
    expect((err as DomainRuleViolation).code).toBe(code);
    return;
  }
  throw new Error(`expected refusal ${code}`);
};

describe('Hilfeplanung decide/evolve', () => {
  it('after discharge: the meeting is due 14 days after discharge and both statements are requested', () => {
    const events = when(initialHilfeplanungState, start);
    expect(events.map((e) => e.type)).toEqual(['HilfeplanungStarted', 'StatementRequested', 'StatementRequested']);
    expect(events[0]!.data).toMatchObject({ meetingToBeScheduledBy: '2026-12-15T10:00:00.000Z' });
    expect(events.slice(1).map((e) => (e.data as { party: string }).party)).toEqual(['clinic', 'provider']);
    expect(events[1]!.data).toMatchObject({ dueAt: '2026-12-11T12:00:00.000Z' });
  });

  it('scheduling invites all five parties; a meeting in the past is refused', () => {
    const s = given([start]);
    expect(when(s, schedule)[0]!.data).toMatchObject({
      invited: ['young_person', 'guardian', 'provider', 'clinic', 'youth_office'],
    });
    refusedWith(
      s,
      { ...schedule, meetingAt: '2026-11-30T09:00:00.000Z' } as HilfeplanungCommand,
      'planning.meeting_in_past',
    );
  });

  it('an answer given offline records the device time beside the time it arrived', () => {
    const actedOnDevice = { at: '2026-12-02T09:00:00.000Z', bounded: false };
    const [answered] = when(given([start, schedule]), {
      type: 'AnswerInvitation',
      party: 'clinic',
      answer: 'confirmed',
      now: '2026-12-02T09:30:00.000Z',
      actedOnDevice,
    });
    expect(answered).toMatchObject({
      type: 'InvitationAnswered',
      data: { answeredAt: '2026-12-02T09:30:00.000Z', actedOnDevice },
    });
  });

  it('a plan without goals, with the review in the past, or without the young person is refused', () => {
    const s = given([start, schedule]);
    refusedWith(s, plan({ goals: [], measures: [] }), 'planning.plan_without_goals');
    refusedWith(s, plan({ nextReviewAt: '2026-12-01T00:00:00.000Z' }), 'planning.review_in_past');
    refusedWith(s, plan({ participants: ['guardian', 'youth_office'] }), 'planning.young_person_missing');
    refusedWith(
      s,
      plan({
        measures: [
          { measureId: 'm', goalId: 'nope', description: sealed, responsibleParty: 'provider', dueBy: '2027-01-01' },
        ],
      }),
      'planning.unknown_goal',
    );
  });

  it('the next review defaults to six months after the meeting', () => {
    const s = given([start, schedule, plan()]);
    expect(s).toMatchObject({ phase: 'plan_in_force', nextReviewAt: '2027-06-10T09:00:00.000Z' });
  });

  it('a statement from a party it was not requested from is refused; a second one too', () => {
    const s = given([start]);
    refusedWith(
      s,
      { type: 'SubmitStatement', party: 'youth_office', content: sealed, now: start.now },
      'planning.statement_not_requested',
    );
    const after = given([start, { type: 'SubmitStatement', party: 'clinic', content: sealed, now: start.now }]);
    refusedWith(
      after,
      { type: 'SubmitStatement', party: 'clinic', content: sealed, now: start.now },
      'planning.statement_already_submitted',
    );
  });

  it('a missing statement is reminded once with a grace period, then escalated to the supervisor', () => {
    const due = '2026-12-11T12:00:00.000Z';
    const passed = (now: string): HilfeplanungCommand => ({
      type: 'StatementDeadlinePassed',
      party: 'provider',
      rules,
      now,
    });
    const s1 = given([start]);
    const reminded = when(s1, passed(due));
    expect(reminded).toEqual([
      expect.objectContaining({
        type: 'StatementReminderSent',
        data: expect.objectContaining({ newDueAt: '2026-12-14T12:00:00.000Z' }),
      }),
    ]);
    const s2 = reminded.reduce(evolveHilfeplanung, s1);
    expect(when(s2, passed('2026-12-12T00:00:00.000Z'))).toEqual([]); // grace period still running
    const escalated = when(s2, passed('2026-12-14T12:00:00.000Z'));
    expect(escalated.map((e) => e.type)).toEqual(['StatementOverdueEscalated']);
    expect(when(escalated.reduce(evolveHilfeplanung, s2), passed('2026-12-20T00:00:00.000Z'))).toEqual([]);
  });

  it('scheduling overdue escalates once; once scheduled there is nothing to escalate', () => {
    const s = given([start]);
    expect(when(s, { type: 'EscalateScheduling', now: '2026-12-15T10:00:00.000Z' }).map((e) => e.type)).toEqual([
      'SchedulingOverdue',
    ]);
    expect(when(given([start, schedule]), { type: 'EscalateScheduling', now: '2026-12-15T10:00:00.000Z' })).toEqual([]);
  });

  it('ending the help closes everything: nothing but a repeated end is accepted afterwards', () => {
    const s = given([
      start,
      schedule,
      plan(),
      { type: 'EndHelp', reason: 'goals_reached', now: '2027-01-01T00:00:00.000Z' },
    ]);
    expect(s.phase).toBe('ended');
    expect(when(s, { type: 'EndHelp', reason: 'goals_reached', now: '2027-01-02T00:00:00.000Z' })).toEqual([]);
    refusedWith(
      s,
      {
        type: 'RequestReview',
        requestedBy: 'guardian',
        reason: sealedText('Bitte früher'),
        now: '2027-01-02T00:00:00.000Z',
      },
      'planning.ended',
    );
  });
});
