import type { CrisisEvent } from '@hilfenetz/contracts';
import { lindenauAgreementV1 as agreement } from '../agreement/lindenau.agreement';
import type { CrisisCommand } from '../crisis/crisis.commands';
import { decideCrisis } from '../crisis/crisis.decide';
import { evolveCrisis } from '../crisis/crisis.evolve';
import { initialCrisisState, type CrisisState } from '../crisis/crisis.state';
import { attemptIdFor, crisisIdOfAttempt, reachTargetsOf, stillToReach } from './reach-targets';

const NOW = '2026-11-25T09:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const guardian = { id: 'guardian:g-0001', role: 'guardian' };
const caseworker = { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' };
const clinic = { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' };

function run(commands: CrisisCommand[]): { state: CrisisState; events: CrisisEvent[] } {
  let state = initialCrisisState;
  const events: CrisisEvent[] = [];
  for (const c of commands) {
    const decided = decideCrisis(c, state, agreement);
    state = decided.reduce(evolveCrisis, state);
    events.push(...decided);
  }
  return { state, events };
}
const started: CrisisCommand[] = [
  { type: 'TriggerCrisis', crisisId: 'crisis-1', caseId: 'FALL-1', dangerKind: 'self', urgency: 'immediate', now: NOW },
  ...(['ambulance', 'clinic', 'youth_office', 'provider', 'guardian'] as const).map((party): CrisisCommand => ({
    type: 'NotifyParty',
    party,
    now: NOW,
  })),
];

describe('reaching people', () => {
  it('every party notified is a target to reach, first contacts as generation g0', () => {
    const { events } = run(started);
    expect(reachTargetsOf(events).map((t) => `${t.taskId} ${t.contactId} ${t.generation} ${t.reason}`)).toEqual([
      'task-ambulance ct-ls-disposition g0 task_assigned',
      'task-clinic ct-kjp-marien-aufnahme g0 task_assigned',
      'task-youth_office ct-ja-asd-fallfuehrung g0 task_assigned',
      'task-provider ct-tr-birkenhof-gruppe g0 task_assigned',
      'task-guardian ct-sorge-kontakt-1 g0 task_assigned',
    ]);
  });

  it('a contact nobody reached hands the task to the next contact at once (cause not_reached), which is reached anew', () => {
    const { state } = run(started);
    const deadline = state.tasks['task-clinic']!.deadline!;
    const { events, state: after } = run([
      ...started,
      {
        type: 'EscalateUnreachedTask',
        taskId: 'task-clinic',
        contactId: 'ct-kjp-marien-aufnahme',
        deadline,
        now: later(2),
      },
    ]);
    const escalated = events.at(-1)!;
    expect(escalated).toMatchObject({
      type: 'TaskEscalated',
      data: { cause: 'not_reached', toContactId: 'ct-kjp-marien-dienstarzt', escalatedAt: later(2) },
    });
    const [next] = reachTargetsOf([escalated]);
    expect(next).toMatchObject({ contactId: 'ct-kjp-marien-dienstarzt', generation: 'g1', reason: 'task_escalated' });
    // The first contact is no longer to be reached; the new one is.
    const first = reachTargetsOf(events).find((t) => t.taskId === 'task-clinic')!;
    expect(stillToReach(after, first)).toBe(false);
    expect(stillToReach(after, next!)).toBe(true);
  });

  it('a stale "not reached" (the task moved on meanwhile) decides nothing', () => {
    const { state } = run([
      ...started,
      { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: clinic, now: later(1) },
    ]);
    expect(
      decideCrisis(
        {
          type: 'EscalateUnreachedTask',
          taskId: 'task-clinic',
          contactId: 'ct-kjp-marien-aufnahme',
          deadline: later(15),
          now: later(2),
        },
        state,
        agreement,
      ),
    ).toEqual([]);
  });

  it('an acknowledgement ends the reach of the task', () => {
    const { state, events } = run([
      ...started,
      { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: clinic, now: later(1) },
    ]);
    const clinicTarget = reachTargetsOf(events).find((t) => t.taskId === 'task-clinic')!;
    const providerTarget = reachTargetsOf(events).find((t) => t.taskId === 'task-provider')!;
    expect(stillToReach(state, clinicTarget)).toBe(false);
    expect(stillToReach(state, providerTarget)).toBe(true);
  });

  it('a guardian code acknowledges only the guardian task, and records how', () => {
    const { events } = run([
      ...started,
      { type: 'AcknowledgeTask', taskId: 'task-guardian', actor: guardian, now: later(3), method: 'guardian_code' },
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'TaskAcknowledged',
      data: { method: 'guardian_code', party: 'guardian' },
    });
    const { state } = run(started);
    expect(() =>
      decideCrisis(
        { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: guardian, now: later(3), method: 'guardian_code' },
        state,
        agreement,
      ),
    ).toThrow(/guardian code answers only the guardian task/);
    // Without the code a guardian identity is nobody the agreement lets act.
    expect(() =>
      decideCrisis(
        { type: 'AcknowledgeTask', taskId: 'task-guardian', actor: guardian, now: later(3) },
        state,
        agreement,
      ),
    ).toThrow();
  });

  it('"reached by phone" is recorded only for the guardian task, by the ASD', () => {
    const { state } = run(started);
    const byPhone = decideCrisis(
      { type: 'AcknowledgeTask', taskId: 'task-guardian', actor: caseworker, now: later(5), method: 'phone_call' },
      state,
      agreement,
    );
    expect(byPhone[0]).toMatchObject({ data: { method: 'phone_call', acknowledgedBy: caseworker } });
    expect(() =>
      decideCrisis(
        {
          type: 'AcknowledgeTask',
          taskId: 'task-youth_office',
          actor: caseworker,
          now: later(5),
          method: 'phone_call',
        },
        state,
        agreement,
      ),
    ).toThrow(/only the guardian task/);
  });

  it('attempt references name their crisis, and nothing else passes for one', () => {
    const { events } = run(started);
    const target = reachTargetsOf(events)[1]!;
    const ref = attemptIdFor('crisis-FALL-1-0123456789abcdef0123', target, 1);
    expect(ref).toBe('crisis-FALL-1-0123456789abcdef0123/task-clinic/ct-kjp-marien-aufnahme/g0/1');
    expect(crisisIdOfAttempt(ref)).toBe('crisis-FALL-1-0123456789abcdef0123');
    expect(crisisIdOfAttempt('crisis-x/task-clinic')).toBeNull();
    expect(crisisIdOfAttempt('a//b/c/d')).toBeNull();
  });
});
