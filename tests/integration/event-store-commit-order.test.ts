import type { StoredEvent } from '@hilfenetz/contracts';
import { PostgresEventStore, START_OF_LOG, StreamVersionConflict, type LogCheckpoint } from '@hilfenetz/event-store';
import { aCaseStream, aCrisisTriggered, openDataSource, testEnv } from '@hilfenetz/testing';
import type { DataSource } from 'typeorm';

/**
 * Concurrent writers on many streams while a reader follows the log by checkpoint: the reader
 * must see every event exactly once and each stream in version order, although transactions
 * take sequence numbers in one order and commit in another.
 */
describe('reading the log by position under concurrent writers', () => {
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 40);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  it('a follower sees every event exactly once, per stream in order', async () => {
    const streams = Array.from({ length: 8 }, () => aCaseStream('ORDER'));
    const mine = new Set(streams.map((s) => s.streamId));
    const start = await store.readAll(START_OF_LOG, 1_000_000);
    let checkpoint: LogCheckpoint = start.length
      ? {
          transactionId: start[start.length - 1]!.transactionId,
          globalPosition: start[start.length - 1]!.globalPosition,
        }
      : START_OF_LOG;

    let writing = true;
    const seen: StoredEvent[] = [];
    const follower = (async () => {
      for (;;) {
        const batch = await store.readAll(checkpoint, 50);
        seen.push(...batch.filter((e) => mine.has(e.streamId)));
        if (batch.length) {
          const last = batch[batch.length - 1]!;
          checkpoint = { transactionId: last.transactionId, globalPosition: last.globalPosition };
        } else if (!writing) {
          return;
        } else {
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    })();

    // 24 writers, 20 appends each, over 8 streams; some transactions are held open a little so
    // that later sequence numbers commit first.
    let appended = 0;
    await Promise.all(
      Array.from({ length: 24 }, async (_, w) => {
        for (let i = 0; i < 20; i++) {
          const s = streams[(w + i) % streams.length]!;
          if ((w + i) % 5 === 0) {
            await ds.transaction(async (m) => {
              await store.appendInTransaction(m, s.streamId, [aCrisisTriggered(s.caseId)]);
              await new Promise((r) => setTimeout(r, 15));
            });
          } else {
            await store.append(s.streamId, [aCrisisTriggered(s.caseId), aCrisisTriggered(s.caseId)]);
          }
          appended += (w + i) % 5 === 0 ? 1 : 2;
        }
      }),
    );
    writing = false;
    await follower;

    const ids = seen.map((e) => e.eventId);
    const dups = seen.filter((e, i) => ids.indexOf(e.eventId) !== i);
    expect(dups.map((e) => `${e.streamId}@${e.streamVersion} tx ${e.transactionId} pos ${e.globalPosition}`)).toEqual(
      [],
    );
    expect(seen).toHaveLength(appended);
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(appended);
    for (const s of streams) {
      const versions = seen.filter((e) => e.streamId === s.streamId).map((e) => e.streamVersion);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
  });

  it('concurrent first appends to a new stream with no_stream: one wins', async () => {
    const s = aCaseStream('NEW');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => store.append(s.streamId, [aCrisisTriggered(s.caseId)], 'no_stream')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StreamVersionConflict);
  });
});
