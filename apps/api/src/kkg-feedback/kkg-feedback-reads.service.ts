import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  isKkgFeedbackEventType,
  type KkgFeedbackEvent,
  type KkgFeedbackLiveState,
} from '@hilfenetz/contracts';
import {
  caseStreamId,
  evolveKkgFeedback,
  initialKkgFeedbackState,
  kkgFeedbackLiveState,
  type KkgFeedbackState,
} from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

/** A case's §4 KKG reports, folded from its stream with the domain's evolve (docs/adr/0027). */
@Injectable()
export class KkgFeedbackReadsService {
  constructor(@Inject(EVENT_STORE) private readonly store: PostgresEventStore) {}

  async list(caseId: string): Promise<KkgFeedbackLiveState[]> {
    const states = new Map<string, KkgFeedbackState>();
    for (const stored of await this.store.readStream(caseStreamId(caseId))) {
      if (!isKkgFeedbackEventType(stored.type)) continue;
      const e = stored as unknown as KkgFeedbackEvent;
      states.set(e.data.reportId, evolveKkgFeedback(states.get(e.data.reportId) ?? initialKkgFeedbackState, e));
    }
    return [...states.values()].map(kkgFeedbackLiveState).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  async one(caseId: string, reportId: string): Promise<KkgFeedbackLiveState> {
    const found = (await this.list(caseId)).find((r) => r.reportId === reportId);
    if (!found) {
      throw new ApplicationError('kkg_feedback.not_found', `No §4 KKG report ${reportId} in this case.`, [
        { field: 'path.reportId', reason: 'no such report' },
      ]);
    }
    return found;
  }
}
