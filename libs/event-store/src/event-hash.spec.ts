import { randomUUID } from 'node:crypto';
import { canonicalPieces, eventHash, eventHashFromPieces, type HashableEvent } from './event-hash';

const event = (over: Partial<HashableEvent> = {}): HashableEvent => ({
  eventId: randomUUID(),
  streamId: 'case-Ä-"quoted"\\-1',
  streamVersion: 7,
  type: 'CrisisTriggered',
  schemaVersion: 1,
  data: { z: 1, a: [1.5, 'ü', null, { y: true, b: 1e21 }], '\u00e9': 'x', 'é\u0301': '\n' },
  metadata: { actorId: 'u-1', actorRole: 'caseworker', correlationId: 'c', organisationId: 'o' },
  recordedAt: '2026-11-25T03:00:00.123Z',
  prevHash: 'ab'.repeat(32),
  ...over,
});

describe('canonical pieces for hashing in the database', () => {
  it.each([
    ['a chained event', event()],
    ['the first event of a stream', event({ prevHash: null, streamVersion: 1 })],
    ['a large version', event({ streamVersion: 2_000_000_000 })],
    ['emoji and escapes', event({ data: { s: '😀\u2028\t"\\' }, type: 'T' })],
  ])('joined around prevHash and version, they hash to eventHash: %s', (_name, e) => {
    const pieces = canonicalPieces(e);
    expect(eventHashFromPieces(pieces, e.streamVersion, e.prevHash)).toBe(eventHash(e));
  });

  it('changes the hash when the content changes', () => {
    const e = event();
    const other = canonicalPieces({ ...e, data: { ...(e.data as object), z: 2 } });
    expect(eventHashFromPieces(other, e.streamVersion, e.prevHash)).not.toBe(eventHash(e));
  });
});
