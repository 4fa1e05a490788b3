import { decideCrisis } from './crisis.decide';
import { evolveCrisis } from './crisis.evolve';
import { initialCrisisState, type CrisisState } from './crisis.state';
import type { CrisisCommand } from './crisis.commands';
import { DomainRuleViolation } from '../domain-error';

const trigger: CrisisCommand = {
  type: 'TriggerCrisis',
  crisisId: 'crisis-1',
  caseId: 'FALL-2026-0042',
  dangerKind: 'self',
  urgency: 'immediate',
  now: '2026-11-25T03:12:00.000Z',
};

function given(commands: CrisisCommand[]): CrisisState {
  return commands.reduce((s, c) => decideCrisis(c, s).reduce(evolveCrisis, s), initialCrisisState);
}

describe('crisis decide/evolve', () => {
  it('triggering a crisis records who is in danger, how urgent, and when', () => {
    expect(decideCrisis(trigger, initialCrisisState)).toEqual([
      {
        type: 'CrisisTriggered',
        data: {
          crisisId: 'crisis-1',
          caseId: 'FALL-2026-0042',
          dangerKind: 'self',
          urgency: 'immediate',
          triggeredAt: '2026-11-25T03:12:00.000Z',
        },
      },
    ]);
  });

  it('a crisis cannot be triggered twice', () => {
    const state = given([trigger]);
    expect(state.status).toBe('open');
    expect(() => decideCrisis(trigger, state)).toThrow(DomainRuleViolation);
  });

  it('cancelling an open crisis keeps the reason; a cancelled crisis cannot be cancelled again', () => {
    const cancel: CrisisCommand = {
      type: 'CancelCrisis',
      crisisId: 'crisis-1',
      reason: 'Fehlalarm: Jugendliche wohlauf angetroffen',
      now: '2026-11-25T03:20:00.000Z',
    };
    const state = given([trigger, cancel]);
    expect(state).toMatchObject({ status: 'cancelled', reason: cancel.reason });
    expect(() => decideCrisis(cancel, state)).toThrow(/not open/);
  });

  it('a crisis that was never triggered cannot be cancelled', () => {
    expect(() =>
      decideCrisis({ type: 'CancelCrisis', crisisId: 'x', reason: 'nope', now: trigger.now }, initialCrisisState),
    ).toThrow(DomainRuleViolation);
  });
});
