import type { NewEvent, StoredEvent } from '@hilfenetz/contracts';
import { randomUUID } from 'node:crypto';

/** A valid CrisisTriggered event for a case, with fresh ids; override what the test is about. */
export function aCrisisTriggered(caseId: string, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'CrisisTriggered',
    schemaVersion: 1,
    data: {
      crisisId: `crisis-${randomUUID()}`,
      caseId,
      dangerKind: 'self',
      urgency: 'immediate',
      triggeredAt: '2026-11-25T03:00:00.000Z',
    },
    metadata: {
      actorId: 'u-ja-0001',
      actorRole: 'caseworker',
      organisationId: 'org-jugendamt-lindenau',
      correlationId: randomUUID(),
    },
    ...overrides,
  };
}

/** A fresh case stream id for one test. */
export const aCaseStream = (label = 'IT') => {
  const caseId = `FALL-${label}-${randomUUID().slice(0, 13)}`;
  return { caseId, streamId: `case-${caseId}` };
};

/**
 * Steps of one stream as the store would hand them to a projection: versions from 1, positions
 * from `firstPosition` in one transaction, stand-in hashes. For projections fed directly.
 */
export function asStoredSteps(
  streamId: string,
  steps: { type: string; data: Record<string, unknown>; recordedAt: string }[],
  opts: { firstPosition: number; actor: { actorId: string; actorRole: string; organisationId: string } },
): StoredEvent[] {
  return steps.map((s, i) => ({
    eventId: randomUUID(),
    streamId,
    streamVersion: i + 1,
    globalPosition: String(opts.firstPosition + i),
    transactionId: '1',
    type: s.type,
    schemaVersion: 1,
    data: s.data,
    metadata: { ...opts.actor, correlationId: randomUUID() },
    recordedAt: s.recordedAt,
    prevHash: null,
    hash: 'e'.repeat(64),
  }));
}
