import type { CrisisEvent } from '@hilfenetz/contracts';
import type { CrisisState } from './crisis.state';

/** evolve(state, event) → state. Folding a stream's events rebuilds the state at any point. */
export function evolveCrisis(state: CrisisState, event: CrisisEvent): CrisisState {
  switch (event.type) {
    case 'CrisisTriggered':
      return {
        status: 'open',
        crisisId: event.data.crisisId,
        caseId: event.data.caseId,
        dangerKind: event.data.dangerKind,
        urgency: event.data.urgency,
        triggeredAt: event.data.triggeredAt,
      };
    case 'CrisisCancelled':
      if (state.status !== 'open') return state;
      return {
        status: 'cancelled',
        crisisId: state.crisisId,
        caseId: state.caseId,
        reason: event.data.reason,
        cancelledAt: event.data.cancelledAt,
      };
  }
}
