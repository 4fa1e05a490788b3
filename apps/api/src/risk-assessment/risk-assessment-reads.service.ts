import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  isRiskAssessmentEventType,
  type RiskAssessmentDetail,
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
import type { PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { CasesService } from '../cases/cases.service';
import { showFreeText } from '../cases/free-text';
import { EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { riskAssessmentRecord } from './risk-assessment-record';

/**
 * The risk assessments of a case, folded from the case stream with the domain's evolve: the same
 * state the workflow holds (every step is appended before its Update answers), without a call into
 * Temporal for a read. A case has a handful of assessments; a read model is due when a list across
 * cases is (issue 18 part 3), see docs/adr/0027.
 */
@Injectable()
export class RiskAssessmentReadsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly cases: CasesService,
  ) {}

  /** One assessment with what was written at each step, opened (call only after the access check). */
  async detail(caseId: string, assessmentId: string): Promise<RiskAssessmentDetail> {
    const view = await this.one(caseId, assessmentId);
    const erased = (await this.cases.factsOf(caseId)).erasure !== null;
    const open = async (value: unknown) => (await showFreeText(this.vault, value, erased)) ?? '';
    const events = await this.store.readStream(caseStreamId(caseId));
    return { ...view, record: await riskAssessmentRecord(events, assessmentId, open) };
  }

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
