import type { CrisisEvent } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import type { CrisisCommand } from './crisis.commands';
import type { CrisisState } from './crisis.state';

/** decide(command, state) → events. Pure: the same input always gives the same events. */
export function decideCrisis(command: CrisisCommand, state: CrisisState): CrisisEvent[] {
  switch (command.type) {
    case 'TriggerCrisis':
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
          },
        },
      ];
    case 'CancelCrisis':
      if (state.status !== 'open') {
        throw new DomainRuleViolation('crisis.not_open', `crisis ${command.crisisId} is not open (${state.status})`);
      }
      return [
        {
          type: 'CrisisCancelled',
          data: { crisisId: command.crisisId, reason: command.reason, cancelledAt: command.now },
        },
      ];
  }
}
