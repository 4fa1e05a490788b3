import type { NewEvent } from '@hilfenetz/contracts';
import {
  PartialDuplicateBatch,
  PostgresEventStore,
  StreamVersionConflict,
  verifyStream,
  type AppendResult,
} from '@hilfenetz/event-store';
import { aCaseStream, aCrisisTriggered, openDataSource, testEnv } from '@hilfenetz/testing';
import type { DataSource } from 'typeorm';

/**
 * Group commit (ADR 0008): concurrent appends of one process share a transaction, and each caller
 * still gets exactly what it would have got alone.
 */
describe('event store group commit (real Postgres)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 12);
  });
  afterAll(() => ds.destroy());

  const settle = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );

  async function transactionIds(eventIds: string[]): Promise<Set<string>> {
    const rows: { transaction_id: string }[] = await ds.query(
      `SELECT transaction_id::text FROM events WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    return new Set(rows.map((r) => r.transaction_id));
  }

  /** Contiguous versions, intact chain, no event twice, and per stream ids in version order (ADR 0003). */
  async function expectSound(streamId: string, events: number): Promise<void> {
    expect(await verifyStream(ds, streamId)).toEqual({ ok: true, streamId, events });
    const rows: { event_id: string; transaction_id: string; stream_version: number }[] = await ds.query(
      `SELECT event_id, transaction_id::text, stream_version FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    const xids = rows.map((r) => BigInt(r.transaction_id));
    for (let i = 1; i < xids.length; i++) expect(xids[i]! >= xids[i - 1]!).toBe(true);
  }

  it('one batch: every caller gets its own outcome, in arrival order per stream, in one transaction', async () => {
    const store = new PostgresEventStore(ds, undefined, undefined, { maxBatchEvents: 10_000 });
    const old = Array.from({ length: 12 }, () => aCaseStream('GC'));
    const seeds = new Map<string, { event: NewEvent; result: AppendResult }>();
    for (const s of old) {
      const event = aCrisisTriggered(s.caseId);
      seeds.set(s.streamId, { event, result: await store.append(s.streamId, [event], 'no_stream') });
    }
    const fresh = Array.from({ length: 4 }, () => aCaseStream('GC'));

    // All called in one turn of the event loop: they queue together and go as one batch.
    const calls = old.map((s) => {
      const seed = seeds.get(s.streamId)!.event;
      const pair = [aCrisisTriggered(s.caseId), aCrisisTriggered(s.caseId)];
      return {
        stream: s.streamId,
        next: settle(store.append(s.streamId, [aCrisisTriggered(s.caseId)], 1)),
        stale: settle(store.append(s.streamId, [aCrisisTriggered(s.caseId)], 0)),
        retry: settle(store.append(s.streamId, [seed], 'no_stream')),
        partial: settle(store.append(s.streamId, [seed, aCrisisTriggered(s.caseId)], 1)),
        pair: settle(store.append(s.streamId, pair, 'any')),
        pairAgain: settle(store.append(s.streamId, pair, 2)),
        exists: settle(store.append(s.streamId, [aCrisisTriggered(s.caseId)], 'no_stream')),
      };
    });
    const created = fresh.map((s) => ({
      stream: s.streamId,
      first: settle(store.append(s.streamId, [aCrisisTriggered(s.caseId)], 'no_stream')),
      second: settle(store.append(s.streamId, [aCrisisTriggered(s.caseId)], 'no_stream')),
      then: settle(store.append(s.streamId, [aCrisisTriggered(s.caseId)], 1)),
    }));

    const written: string[] = [];
    for (const c of calls) {
      const seed = seeds.get(c.stream)!.result;
      const next = await c.next;
      expect(next.ok && next.value).toMatchObject({ duplicate: false, streamVersion: 2 });
      const stale = await c.stale;
      expect(!stale.ok && stale.error).toBeInstanceOf(StreamVersionConflict);
      expect(!stale.ok && stale.error).toMatchObject({ streamId: c.stream, expected: 0, actual: 2 });
      const retry = await c.retry;
      expect(retry.ok && retry.value).toEqual({ ...seed, duplicate: true });
      const partial = await c.partial;
      expect(!partial.ok && partial.error).toBeInstanceOf(PartialDuplicateBatch);
      expect(!partial.ok && (partial.error as PartialDuplicateBatch).eventIds).toEqual([seed.events[0]!.eventId]);
      const pair = await c.pair;
      expect(pair.ok && pair.value.events.map((e) => e.streamVersion)).toEqual([3, 4]);
      const pairAgain = await c.pairAgain;
      expect(pairAgain.ok && pairAgain.value).toEqual(pair.ok && { ...pair.value, duplicate: true });
      const exists = await c.exists;
      expect(!exists.ok && exists.error).toMatchObject({
        name: 'StreamVersionConflict',
        expected: 'no_stream',
        actual: 4,
      });
      for (const r of [next, pair]) if (r.ok) written.push(...r.value.events.map((e) => e.eventId));
      await expectSound(c.stream, 4);
    }
    for (const c of created) {
      const first = await c.first;
      expect(first.ok && first.value).toMatchObject({ duplicate: false, streamVersion: 1 });
      const second = await c.second;
      expect(!second.ok && second.error).toMatchObject({ name: 'StreamVersionConflict', actual: 1 });
      const then = await c.then;
      expect(then.ok && then.value).toMatchObject({ duplicate: false, streamVersion: 2 });
      for (const r of [first, then]) if (r.ok) written.push(...r.value.events.map((e) => e.eventId));
      await expectSound(c.stream, 2);
    }
    // 44 appends' events, one commit.
    expect(written).toHaveLength(12 * 3 + 4 * 2);
    expect((await transactionIds(written)).size).toBe(1);
  });

  it('many writers, small batches several in flight: one winner per version, stale and retried callers answered', async () => {
    const store = new PostgresEventStore(ds, undefined, undefined, { maxBatchEvents: 8, maxBatchesInFlight: 3 });
    const streams = Array.from({ length: 10 }, () => aCaseStream('GC'));
    const history = new Map<string, { event: NewEvent; result: AppendResult }[]>(streams.map((s) => [s.streamId, []]));
    const rounds = 4;
    const competitors = 4;
    const allWritten: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const perStream = streams.map((s) => {
        const past = history.get(s.streamId)!;
        const expected = round === 0 ? ('no_stream' as const) : round;
        const candidates = Array.from({ length: competitors }, () => aCrisisTriggered(s.caseId));
        return {
          s,
          past,
          candidates,
          racing: candidates.map((e) => settle(store.append(s.streamId, [e], expected))),
          stale: round >= 2 ? settle(store.append(s.streamId, [aCrisisTriggered(s.caseId)], round - 1)) : null,
          retry: past.length > 0 ? settle(store.append(s.streamId, [past[0]!.event], 'no_stream')) : null,
        };
      });
      for (const p of perStream) {
        const outcomes = await Promise.all(p.racing);
        const won = outcomes.flatMap((o, i) => (o.ok ? [{ i, result: o.value }] : []));
        expect(won).toHaveLength(1);
        for (const o of outcomes) if (!o.ok) expect(o.error).toBeInstanceOf(StreamVersionConflict);
        expect(won[0]!.result).toMatchObject({ duplicate: false, streamVersion: round + 1 });
        p.past.push({ event: p.candidates[won[0]!.i]!, result: won[0]!.result });
        allWritten.push(p.candidates[won[0]!.i]!.eventId);
        if (p.stale) {
          const stale = await p.stale;
          expect(!stale.ok && stale.error).toBeInstanceOf(StreamVersionConflict);
        }
        if (p.retry) {
          const retry = await p.retry;
          expect(retry.ok && retry.value).toEqual({ ...p.past[0]!.result, duplicate: true });
        }
      }
    }
    for (const s of streams) await expectSound(s.streamId, rounds);
    // Batching happened: 40 appends that wrote shared fewer transactions than that.
    expect((await transactionIds(allWritten)).size).toBeLessThan(allWritten.length);
  });

  it('a batch that fails as a whole is retried append by append: only the faulty caller gets the error', async () => {
    const store = new PostgresEventStore(ds, undefined, undefined, { maxBatchEvents: 10_000 });
    const good = Array.from({ length: 5 }, () => aCaseStream('GC'));
    const bad = aCaseStream('GC');
    const twice = aCrisisTriggered(bad.caseId);
    // The same event twice in one append: the insert's unique violation aborts the whole batch.
    const results = await Promise.all([
      ...good.map((s) => settle(store.append(s.streamId, [aCrisisTriggered(s.caseId)], 'no_stream'))),
      settle(store.append(bad.streamId, [twice, twice], 'no_stream')),
    ]);
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]!.ok).toBe(false);
    for (const s of good) await expectSound(s.streamId, 1);
    expect(await store.readStream(bad.streamId)).toHaveLength(0);
  });

  it('appends one after another, each alone in its batch, chain as before', async () => {
    const store = new PostgresEventStore(ds);
    const s = aCaseStream('GC');
    for (let v = 0; v < 5; v++) {
      const r = await store.append(s.streamId, [aCrisisTriggered(s.caseId)], v);
      expect(r.streamVersion).toBe(v + 1);
    }
    await expectSound(s.streamId, 5);
  });
});
