import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  kkgAcknowledgementStreamId,
  type KkgFeedbackAcknowledgement,
  type KkgFeedbackLiveState,
  type Principal,
} from '@hilfenetz/contracts';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { metadataOf } from '../cases/cases.service';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';

/**
 * The reporter takes note of the §4 (4) KKG feedback (ADR 0041): one `KkgFeedbackAcknowledged` per
 * report, on the case's acknowledgement stream; the inbox projection closes the reporter's entry.
 * Taking note again answers the first note and records nothing.
 */
@Injectable()
export class KkgFeedbackAcknowledgementsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async acknowledge(
    report: KkgFeedbackLiveState,
    user: Principal,
    correlationId: string,
  ): Promise<KkgFeedbackAcknowledgement> {
    if (report.status !== 'given') {
      throw new ApplicationError(
        'kkg_feedback.not_received',
        'There is no feedback on this report to take note of yet.',
        [{ field: 'path.reportId', reason: 'the youth office has not given its feedback yet' }],
      );
    }
    const earlier = await this.earlier(report.caseId, report.reportId);
    if (earlier) return earlier;
    const acknowledgedAt = this.clock().toISOString();
    await this.store.append(kkgAcknowledgementStreamId(report.caseId), [
      {
        eventId: randomUUID(),
        type: 'KkgFeedbackAcknowledged',
        schemaVersion: 1,
        data: {
          reportId: report.reportId,
          caseId: report.caseId,
          reporterOrganisationId: report.reporter.organisationId,
          acknowledgedBy: user.id,
          acknowledgedAt,
        },
        metadata: metadataOf(user, correlationId),
      },
    ]);
    return { reportId: report.reportId, acknowledgedAt };
  }

  private async earlier(caseId: string, reportId: string): Promise<KkgFeedbackAcknowledgement | null> {
    for (const e of await this.store.readStream(kkgAcknowledgementStreamId(caseId))) {
      const data = e.data as { reportId?: string; acknowledgedAt?: string };
      if (e.type === 'KkgFeedbackAcknowledged' && data.reportId === reportId && data.acknowledgedAt) {
        return { reportId, acknowledgedAt: data.acknowledgedAt };
      }
    }
    return null;
  }
}
