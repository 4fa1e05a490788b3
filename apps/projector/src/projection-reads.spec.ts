import { eventSchemas, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import { allProjections } from './projections';

/** An event of a type, with no data: a projection that touches it for this type fails here. */
const eventOf = (type: string): StoredEvent => ({
  eventId: '00000000-0000-4000-8000-000000000001',
  streamId: 'case-c-reads',
  streamVersion: 1,
  globalPosition: '1',
  transactionId: '1',
  type,
  schemaVersion: 1,
  data: {},
  metadata: { actorId: 'u-1', actorRole: 'caseworker', correlationId: 'corr-reads' },
  recordedAt: '2026-12-04T10:00:00.000Z',
  prevHash: null,
  hash: 'h',
});

const recordingManager = () => {
  const queries: string[] = [];
  const m = { query: (sql: string) => (queries.push(sql), Promise.resolve([])) } as unknown as EntityManager;
  return { m, queries };
};

/*
 * A projection that names the event types it reads gets only those (ProjectionRunner): one that
 * reads a type it does not name would silently miss it. So each is handed every other registered
 * type and must do nothing with it.
 */
describe('the event types a projection names are all it reads', () => {
  const named = allProjections().filter((p) => p.reads !== undefined);

  it('most projections name them (a fetch without their types opens no transaction)', () => {
    expect(named.map((p) => p.name).sort()).toEqual(
      expect.arrayContaining(['case-directory', 'crisis-board', 'network-directory', 'quality-facts']),
    );
  });

  it.each(named.map((p) => [p.name, p] as const))('%s does nothing with any other event type', async (_name, p) => {
    const others = Object.keys(eventSchemas).filter((t) => !p.reads!.has(t));
    expect(others.length).toBeGreaterThan(0);
    const { m, queries } = recordingManager();
    for (const type of others) await p.applyBatch(m, [eventOf(type)]);
    expect(queries).toEqual([]);
  });

  it.each(named.map((p) => [p.name, p] as const))('%s names only registered event types', (_name, p) => {
    expect([...p.reads!].filter((t) => !(t in eventSchemas))).toEqual([]);
  });
});
