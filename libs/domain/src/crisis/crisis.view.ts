import type { CrisisLiveState } from '@hilfenetz/contracts';
import { isActive, type CrisisState } from './crisis.state';

/** The live board's view of a crisis: every task, who acknowledged when, what escalates next. */
export function crisisLiveState(state: CrisisState, ids: { crisisId: string; caseId: string }): CrisisLiveState {
  const active = isActive(state);
  return {
    crisisId: ids.crisisId,
    caseId: ids.caseId,
    status: state.status === 'none' ? 'triggering' : state.status,
    agreement: state.agreement,
    triggeredAt: state.triggeredAt,
    situation: state.situation,
    admission: state.admission && {
      decision: state.admission.decision,
      followUp: state.admission.followUp,
      decidedAt: state.admission.decidedAt,
    },
    plannedDischarge: state.plannedDischarge,
    ambulance: state.ambulance,
    tasks: Object.values(state.tasks).map((t) => ({
      taskId: t.taskId,
      party: t.party,
      status: t.status,
      contactId: t.contactId,
      organisationId: t.organisationId,
      deadline: t.deadline,
      nextEscalationDue: active && t.status === 'open' ? t.deadline : null,
      escalations: t.escalations,
      supervisorAlerted: t.supervisorAlerted,
      acknowledgedBy: t.acknowledgement?.by ?? null,
      acknowledgedAt: t.acknowledgement?.at ?? null,
    })),
  };
}
