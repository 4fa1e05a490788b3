import type { StoredEvent } from '@hilfenetz/contracts';
import type { Projection } from '@hilfenetz/projector';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** Records every event it is given, in order; a duplicate would show twice. A fresh name each time. */
export class RecordingProjection implements Projection {
  readonly name = `recording-${randomUUID()}`;
  readonly tables: string[] = [];
  readonly applied: StoredEvent[] = [];
  async applyBatch(_m: EntityManager, events: StoredEvent[]): Promise<void> {
    this.applied.push(...events);
  }
}
