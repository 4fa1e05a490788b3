import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  isRiskAssessmentEventType,
  type RiskAssessmentEvent,
  type RiskAssessmentLiveState,
} from '@hilfenetz/contracts';
import {
  caseStreamId,
  evolveRiskAssessment,
  initialRiskAssessmentState,
  riskAssessmentLiveState,
  type RiskAssessmentState,
} from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

/**
 * The risk assessments of a case, folded from the case stream with the domain's evolve: the same
 * state the workflow holds (every step is appended before its Update answers), without a call into
 * Temporal for a read. A case has a handful of assessments; a read model is due when a list across
 * cases is (issue 18 part 3), see docs/adr/0027.
 */
@Injectable()
export class RiskAssessmentReadsService {
  constructor(@Inject(EVENT_STORE) private readonly store: PostgresEventStore) {}

  async list(caseId: string): Promise<RiskAssessmentLiveState[]> {
    const states = new Map<string, RiskAssessmentState>();
    for (const stored of await this.store.readStream(caseStreamId(caseId))) {
      if (!isRiskAssessmentEventType(stored.type)) continue;
      const e = stored as unknown as RiskAssessmentEvent;
      const id = e.data.assessmentId;
      states.set(id, evolveRiskAssessment(states.get(id) ?? initialRiskAssessmentState, e));
    }
    return [...states.values()].map(riskAssessmentLiveState).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  async one(caseId: string, assessmentId: string): Promise<RiskAssessmentLiveState> {
    const found = (await this.list(caseId)).find((a) => a.assessmentId === assessmentId);
    if (!found) throw notFound(assessmentId);
    return found;
  }
}

export const notFound = (assessmentId: string) =>
  new ApplicationError('risk_assessment.not_found', `No risk assessment ${assessmentId} in this case.`, [
    { field: 'path.assessmentId', reason: 'no such risk assessment' },
  ]);
