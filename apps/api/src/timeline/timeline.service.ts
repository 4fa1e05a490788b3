import { Inject, Injectable } from '@nestjs/common';
import { isSealedValue, type TimelineResponse } from '@hilfenetz/contracts';
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
        data: maskSealed(r.data) as Record<string, unknown>,
      })),
    };
  }
}

/** The timeline never opens personal data: sealed fields show only that they exist. */
function maskSealed(v: unknown): unknown {
  if (isSealedValue(v)) return { sealed: true };
  if (Array.isArray(v)) return v.map(maskSealed);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSealed(x)]));
  return v;
}
