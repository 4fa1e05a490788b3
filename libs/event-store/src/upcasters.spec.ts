import type { StoredEvent } from '@hilfenetz/contracts';
import { upcast, type UpcasterRegistry } from './upcasters';

const stored = (schemaVersion: number, data: unknown): StoredEvent => ({
  eventId: '00000000-0000-4000-8000-000000000001',
  streamId: 'case-FALL-1',
  streamVersion: 1,
  globalPosition: '1',
  transactionId: '1',
  type: 'AnEvent',
  schemaVersion,
  data,
  metadata: { actorId: 'u', actorRole: 'caseworker', correlationId: 'c' },
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: null,
  hash: 'h',
});

// A registry as a real migration would write one: v1 had `urgent: boolean`, v2 an enum, v3 a rename.
const registry: UpcasterRegistry = {
  AnEvent: {
    1: (d) => {
      const { urgent, ...rest } = d as { urgent: boolean };
      return { ...rest, urgency: urgent ? 'immediate' : 'soon' };
    },
    2: (d) => {
      const { urgency, ...rest } = d as { urgency: string };
      return { ...rest, priority: urgency };
    },
  },
};

describe('upcasting on read', () => {
  it('lifts an old event step by step to the current version and keeps its stored hash', () => {
    const e = upcast(stored(1, { urgent: true, caseId: 'FALL-1' }), registry);
    expect(e.schemaVersion).toBe(3);
    expect(e.data).toEqual({ caseId: 'FALL-1', priority: 'immediate' });
    expect(e.hash).toBe('h');
  });

  it('leaves current events and unknown types untouched', () => {
    const current = stored(3, { priority: 'soon' });
    expect(upcast(current, registry)).toBe(current);
    const other = { ...current, type: 'Other' };
    expect(upcast(other, registry)).toBe(other);
  });
});
