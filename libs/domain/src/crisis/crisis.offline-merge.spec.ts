import type { Actor, CrisisEvent, SealedValue } from '@hilfenetz/contracts';
import { lindenauAgreementV1 as agreement } from '../agreement/lindenau.agreement';
import type { CrisisCommand } from './crisis.commands';
import { decideCrisis } from './crisis.decide';
import { evolveCrisis } from './crisis.evolve';
import { initialCrisisState, type CrisisState } from './crisis.state';

/**
 * Issue 19, docs/adr/0034: a trigger while the crisis runs joins it; a late answer queued offline is
 * recorded as superseded only when it really came too late, only for a person the task reached.
 */
const T0 = '2026-11-25T09:00:00.000Z';
/** A stand-in ciphertext: the API seals free text (docs/adr/0018). */
const FALSE_ALARM: SealedValue = { $sealed: 'A256GCM', subjectId: 'subj-test', iv: 'aXY=', tag: 'dGFn', ct: 'eA==' };
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const device = (minutes: number) => ({ at: at(minutes), bounded: false });

const actors = {
  caseworker: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
  onCall: { id: 'u-ja-0002', role: 'on_call', organisationId: 'org-jugendamt-lindenau' },
  clinic: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
  clinicColleague: { id: 'u-kjp-0002', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
  dispatch: { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: 'org-leitstelle-lindenau' },
} satisfies Record<string, Actor>;

const started: CrisisCommand[] = [
  {
    type: 'TriggerCrisis',
    crisisId: 'crisis-1',
    caseId: 'FALL-2026-0042',
    dangerKind: 'self',
    urgency: 'urgent',
    now: T0,
  },
  ...(['ambulance', 'clinic', 'youth_office', 'provider', 'guardian'] as const).map((party): CrisisCommand => ({
    type: 'NotifyParty',
    party,
    now: T0,
  })),
];
const given = (commands: CrisisCommand[]): CrisisState =>
  commands.reduce((s, c) => decideCrisis(c, s, agreement).reduce(evolveCrisis, s), initialCrisisState);
const when = (state: CrisisState, command: CrisisCommand): CrisisEvent[] => decideCrisis(command, state, agreement);

const join: CrisisCommand = {
  type: 'JoinTrigger',
  actor: actors.onCall,
  dangerKind: 'others',
  urgency: 'immediate',
  now: at(3),
  actedOnDevice: device(1),
};
const lateDecline = (
  actor: Actor,
  answer: 'acknowledge' | 'decline' = 'decline',
): Extract<CrisisCommand, { type: 'RecordSupersededAnswer' }> => ({
  type: 'RecordSupersededAnswer',
  taskId: 'task-clinic',
  answer,
  actor,
  now: at(10),
  actedOnDevice: device(2),
});

describe('offline merge: joined triggers and superseded answers', () => {
  it('a trigger while the crisis runs is recorded as joined, with device time, and changes nothing else', () => {
    const state = given(started);
    const events = when(state, join);
    expect(events).toEqual([
      {
        type: 'CrisisTriggerJoined',
        data: {
          crisisId: 'crisis-1',
          joinedBy: actors.onCall,
          joinedAt: at(3),
          dangerKind: 'others',
          urgency: 'immediate',
          actedOnDevice: device(1),
        },
      },
    ]);
    expect(events.reduce(evolveCrisis, state)).toEqual(state);
  });

  it('an ended crisis takes no join: the next trigger starts a new one', () => {
    const state = given([...started, { type: 'CancelCrisis', reason: FALSE_ALARM, now: at(1) }]);
    expect(() => when(state, join)).toThrow(expect.objectContaining({ code: 'crisis.not_open' }));
  });

  it('the trigger records the device time beside its arrival', () => {
    const [event] = when(initialCrisisState, { ...started[0]!, actedOnDevice: device(-2) } as CrisisCommand);
    expect(event).toMatchObject({ type: 'CrisisTriggered', data: { triggeredAt: T0, actedOnDevice: device(-2) } });
  });

  it('a decline queued while a colleague acknowledged is recorded as superseded, once, and the task stays acknowledged', () => {
    const state = given([
      ...started,
      { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: actors.clinicColleague, now: at(5) },
    ]);
    const events = when(state, lateDecline(actors.clinic));
    expect(events).toEqual([
      {
        type: 'TaskAnswerSuperseded',
        data: {
          crisisId: 'crisis-1',
          taskId: 'task-clinic',
          party: 'clinic',
          answer: 'decline',
          answeredBy: actors.clinic,
          receivedAt: at(10),
          actedOnDevice: device(2),
          instead: 'acknowledged',
          insteadBy: actors.clinicColleague,
          insteadAt: at(5),
        },
      },
    ]);
    const after = events.reduce(evolveCrisis, state);
    expect(after.tasks['task-clinic']).toEqual(state.tasks['task-clinic']);
    expect(when(after, lateDecline(actors.clinic))).toEqual([]);
  });

  it('a decline queued while the task went on to the next clinic is recorded as moved on', () => {
    let state = given(started);
    // The clinic's deadlines pass until the task is with another organisation.
    while (state.tasks['task-clinic']!.organisationId === actors.clinic.organisationId) {
      const deadline = state.tasks['task-clinic']!.deadline!;
      state = when(state, { type: 'EscalateOverdueTask', taskId: 'task-clinic', deadline, now: deadline }).reduce(
        evolveCrisis,
        state,
      );
    }
    const [event] = when(state, lateDecline(actors.clinic));
    expect(event).toMatchObject({ type: 'TaskAnswerSuperseded', data: { answer: 'decline', instead: 'moved_on' } });
  });

  it('after the crisis ended, a late answer is recorded as closed-meanwhile', () => {
    const state = given([...started, { type: 'CancelCrisis', reason: FALSE_ALARM, now: at(4) }]);
    expect(when(state, lateDecline(actors.clinic, 'acknowledge'))[0]).toMatchObject({
      data: { instead: 'crisis_closed', insteadAt: at(4), answer: 'acknowledge' },
    });
  });

  it('nobody the task never reached can use it to write into the log', () => {
    const state = given([
      ...started,
      { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: actors.clinic, now: at(5) },
    ]);
    expect(() => when(state, lateDecline(actors.dispatch))).toThrow(
      expect.objectContaining({ code: 'task.wrong_organisation' }),
    );
  });

  it('an answer the task would still take is not superseded: it is to be sent as such', () => {
    const open = given(started);
    expect(() => when(open, lateDecline(actors.clinic))).toThrow(
      expect.objectContaining({ code: 'answer.not_superseded' }),
    );
    const ownAck = given([
      ...started,
      { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: actors.clinic, now: at(5) },
    ]);
    expect(() => when(ownAck, lateDecline(actors.clinicColleague, 'acknowledge'))).toThrow(
      expect.objectContaining({ code: 'answer.not_superseded' }),
    );
  });
});
