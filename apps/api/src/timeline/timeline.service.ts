import { Inject, Injectable } from '@nestjs/common';
import type { TimelineResponse } from '@hilfenetz/contracts';
import { TimelineEntryEntity } from '@hilfenetz/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure/tokens';

@Injectable()
export class TimelineService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async forCase(caseId: string): Promise<TimelineResponse> {
    const rows = await this.ds.getRepository(TimelineEntryEntity).find({
      where: { caseId },
      order: { streamVersion: 'ASC' },
    });
    return {
      caseId,
      entries: rows.map((r) => ({
        eventId: r.eventId,
        position: r.globalPosition,
        streamVersion: r.streamVersion,
        type: r.type,
        occurredAt: r.occurredAt.toISOString(),
        actor: { id: r.actorId, role: r.actorRole, organisationId: r.organisationId },
        data: r.data,
      })),
    };
  }
}
