import type { PlanningParty, PlanningPhase, StatementParty } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

export interface StatementState {
  status: 'requested' | 'reminded' | 'escalated' | 'submitted';
  dueAt: string;
}

export interface HilfeplanungState {
  phase: PlanningPhase | 'none';
  planningId: string;
  caseId: string;
  cycle: number;
  meetingToBeScheduledBy: string | null;
  schedulingEscalated: boolean;
  meetingAt: string | null;
  /** Only invited parties appear here. */
  invitations: Partial<Record<PlanningParty, 'pending' | 'confirmed' | 'declined'>>;
  remindedFor: string | null;
  statements: Partial<Record<StatementParty, StatementState>>;
  nextReviewAt: string | null;
  reviewRequested: boolean;
  lastPlanRecordedAt: string | null;
}

export const initialHilfeplanungState: HilfeplanungState = {
  phase: 'none',
  planningId: '',
  caseId: '',
  cycle: 0,
  meetingToBeScheduledBy: null,
  schedulingEscalated: false,
  meetingAt: null,
  invitations: {},
  remindedFor: null,
  statements: {},
  nextReviewAt: null,
  reviewRequested: false,
  lastPlanRecordedAt: null,
};

deepFreeze(initialHilfeplanungState);
