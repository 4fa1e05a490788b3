import type { NewEvent } from '@hilfenetz/contracts';
import {
  AppendOrderConflict,
  InvalidEvent,
  PartialDuplicateBatch,
  PostgresEventStore,
  StreamVersionConflict,
  eventHash,
  verifyStream,
} from '@hilfenetz/event-store';
import { openDataSource, testEnv } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

const triggered = (caseId: string, crisisId = `crisis-${randomUUID()}`): NewEvent => ({
  eventId: randomUUID(),
  type: 'CrisisTriggered',
  schemaVersion: 1,
  data: { crisisId, caseId, dangerKind: 'self', urgency: 'immediate', triggeredAt: '2026-11-25T03:00:00.000Z' },
  metadata: {
    actorId: 'u-ja-0001',
    actorRole: 'caseworker',
    organisationId: 'org-jugendamt-lindenau',
    correlationId: randomUUID(),
  },
});

describe('Postgres event store (real Postgres)', () => {
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 60);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  it('appends to a stream in order and chains each event to the previous one by hash', async () => {
    const stream = `case-IT-${randomUUID()}`;
    const caseId = stream.slice(5);
    await store.append(stream, [triggered(caseId)], 'no_stream');
    await store.append(stream, [triggered(caseId), triggered(caseId)], 1);
    const events = await store.readStream(stream);
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(events[0]!.prevHash).toBeNull();
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(events[2]!.prevHash).toBe(events[1]!.hash);
    for (const e of events) expect(eventHash(e)).toBe(e.hash);
  });

  it('a retried append with the same event id stores nothing new and returns the stored position', async () => {
    const stream = `case-IT-${randomUUID()}`;
    const e = triggered(stream.slice(5));
    const first = await store.append(stream, [e]);
    const again = await store.append(stream, [e]);
    expect(again.duplicate).toBe(true);
    expect(again.events[0]!.globalPosition).toBe(first.events[0]!.globalPosition);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('50 concurrent writers with the same expected version: exactly one wins, the rest get conflicts', async () => {
    const stream = `case-IT-${randomUUID()}`;
    const caseId = stream.slice(5);
    await store.append(stream, [triggered(caseId)], 'no_stream');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => store.append(stream, [triggered(caseId)], 1)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const l of lost) expect(l.reason).toBeInstanceOf(StreamVersionConflict);
    const versions = (await store.readStream(stream)).map((e) => e.streamVersion);
    expect(versions).toEqual([1, 2]);
  });

  it('refuses unknown types, payloads that fail their schema and oversized events, appending nothing', async () => {
    const stream = `case-IT-${randomUUID()}`;
    const good = triggered(stream.slice(5));
    await expect(store.append(stream, [{ ...good, type: 'SomethingElse' }])).rejects.toThrow(InvalidEvent);
    await expect(
      store.append(stream, [{ ...good, data: { ...(good.data as object), dangerKind: 'rain' } }]),
    ).rejects.toThrow(/data\.dangerKind/);
    await expect(
      store.append(stream, [{ ...good, metadata: { ...good.metadata, actorRole: 'x'.repeat(70_000) } }]),
    ).rejects.toThrow(/limit/);
    expect(await store.readStream(stream)).toHaveLength(0);
  });

  it('stored events cannot be changed or deleted by the apps (grants and trigger)', async () => {
    const stream = `case-IT-${randomUUID()}`;
    await store.append(stream, [triggered(stream.slice(5))]);
    await expect(ds.query(`UPDATE events SET type = 'X' WHERE stream_id = $1`, [stream])).rejects.toThrow(
      /permission denied/,
    );
    await expect(ds.query(`DELETE FROM events WHERE stream_id = $1`, [stream])).rejects.toThrow(/permission denied/);
    // Even the schema owner, who holds every grant, is stopped by the trigger.
    const owner = await openDataSource(testEnv().migrationUrl, 1);
    try {
      await expect(owner.query(`DELETE FROM events WHERE stream_id = $1`, [stream])).rejects.toThrow(/append-only/);
      await expect(owner.query(`UPDATE events SET type = 'X' WHERE stream_id = $1`, [stream])).rejects.toThrow(
        /append-only/,
      );
    } finally {
      await owner.destroy();
    }
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('reads the global log in commit order and never passes an event whose transaction is still open', async () => {
    const before = await store.readAll(undefined, 100_000);
    const checkpoint = before.length
      ? {
          transactionId: before[before.length - 1]!.transactionId,
          globalPosition: before[before.length - 1]!.globalPosition,
        }
      : undefined;
    // A transaction takes a position first and commits last.
    const slow = ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await slow.query(`SELECT pg_current_xact_id()`);
    const fastStream = `case-IT-${randomUUID()}`;
    await store.append(fastStream, [triggered(fastStream.slice(5))]);
    // The fast event committed, but an older transaction is still open: the reader must wait for it.
    expect((await store.readAll(checkpoint)).filter((e) => e.streamId === fastStream)).toHaveLength(0);
    await slow.commitTransaction();
    await slow.release();
    const after = await store.readAll(checkpoint);
    expect(after.filter((e) => e.streamId === fastStream)).toHaveLength(1);
  });

  it("readAllSerialised gives readAll's events as JSON, upcast like readAll, without parsing the stored data", async () => {
    const caseId = `IT-${randomUUID()}`;
    await store.append(`case-${caseId}`, [triggered(caseId), triggered(caseId)], 'no_stream');
    // A few events back from the end of the log (other files may append meanwhile: only later ones).
    const [from]: { transactionId: string; globalPosition: string }[] = await ds.query(
      `SELECT transaction_id::text AS "transactionId", global_position::text AS "globalPosition" FROM events
        ORDER BY transaction_id DESC, global_position DESC OFFSET 5 LIMIT 1`,
    );
    const events = await store.readAll(from, 100);
    const serialisedEvents = (await store.readAllSerialised(from, 100)).slice(0, events.length);
    expect(events.some((e) => e.streamId === `case-${caseId}`)).toBe(true);
    expect(serialisedEvents.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    serialisedEvents.forEach((s, i) => {
      const e = events[i]!;
      expect(JSON.parse(s.json)).toEqual(JSON.parse(JSON.stringify(e)));
      expect(s).toMatchObject({
        streamId: e.streamId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        transactionId: e.transactionId,
        globalPosition: e.globalPosition,
      });
    });
    // A store whose registry upcasts CrisisTriggered 1 → 2 ships the upcast envelope, as readAll returns it.
    const upcasting = new PostgresEventStore(ds, undefined, {
      CrisisTriggered: { 1: (data) => ({ ...(data as object), upcast: 'ja' }) },
    });
    const [upcast] = (await upcasting.readAllSerialised(from, 100)).filter((e) => e.type === 'CrisisTriggered');
    expect(upcast!.schemaVersion).toBe(2);
    expect(JSON.parse(upcast!.json)).toMatchObject({ schemaVersion: 2, data: { upcast: 'ja' } });
  });

  describe('hilfenetz_append, the one-round-trip append', () => {
    it('no_stream: creates the stream, and refuses once it exists with the actual version', async () => {
      const stream = `case-IT-${randomUUID()}`;
      const caseId = stream.slice(5);
      const first = await store.append(stream, [triggered(caseId), triggered(caseId)], 'no_stream');
      expect(first).toMatchObject({ duplicate: false, streamVersion: 2 });
      expect(first.events.map((e) => e.streamVersion)).toEqual([1, 2]);
      const err = await store.append(stream, [triggered(caseId)], 'no_stream').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StreamVersionConflict);
      expect(err).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 2 });
    });

    it('a stale expected version gets StreamVersionConflict with the actual version; expected 0 means a new stream', async () => {
      const stream = `case-IT-${randomUUID()}`;
      const caseId = stream.slice(5);
      await store.append(stream, [triggered(caseId)], 0);
      await store.append(stream, [triggered(caseId)], 1);
      const err = await store.append(stream, [triggered(caseId)], 1).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StreamVersionConflict);
      expect(err).toMatchObject({ expected: 1, actual: 2 });
      await expect(store.append(`case-IT-${randomUUID()}`, [triggered(caseId)], 3)).rejects.toMatchObject({
        name: 'StreamVersionConflict',
        actual: 0,
      });
      expect((await store.readStream(stream)).map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('a retried batch returns its stored positions even with a now stale expected version; a partial overlap is refused', async () => {
      const stream = `case-IT-${randomUUID()}`;
      const caseId = stream.slice(5);
      const batch = [triggered(caseId), triggered(caseId)];
      const first = await store.append(stream, batch, 'no_stream');
      const again = await store.append(stream, batch, 'no_stream');
      expect(again).toEqual({ ...first, duplicate: true });
      const mixed = await store.append(stream, [batch[1]!, triggered(caseId)], 2).catch((e: unknown) => e);
      expect(mixed).toBeInstanceOf(PartialDuplicateBatch);
      expect((mixed as PartialDuplicateBatch).eventIds).toEqual([batch[1]!.eventId]);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('concurrent retries of one batch store it once and all report the same positions', async () => {
      const stream = `case-IT-${randomUUID()}`;
      const batch = [triggered(stream.slice(5))];
      const results = await Promise.all(Array.from({ length: 10 }, () => store.append(stream, batch, 'no_stream')));
      expect(new Set(results.map((r) => r.events[0]!.globalPosition)).size).toBe(1);
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('batches chain by hash in the database exactly as eventHash computes it, and verify', async () => {
      const stream = `case-IT-${randomUUID()}`;
      const caseId = stream.slice(5);
      const odd = triggered(caseId);
      (odd.metadata as { correlationId: string }).correlationId = 'ü😀"\\\n\u2028';
      await store.append(stream, [triggered(caseId), odd, triggered(caseId)]);
      await store.append(stream, [triggered(caseId)], 3);
      const events = await store.readStream(stream);
      expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      for (const e of events) expect(eventHash(e)).toBe(e.hash);
      expect(await verifyStream(ds, stream)).toEqual({ ok: true, streamId: stream, events: 4 });
    });

    it('appendInTransaction commits or rolls back with the caller, and maps conflicts', async () => {
      const stream = `case-IT-${randomUUID()}`;
      const caseId = stream.slice(5);
      await expect(
        ds.transaction(async (m) => {
          await store.lockStream(m, stream);
          await store.appendInTransaction(m, stream, [triggered(caseId)], 'no_stream');
          throw new Error('caller fails');
        }),
      ).rejects.toThrow('caller fails');
      expect(await store.readStream(stream)).toHaveLength(0);
      const r = await ds.transaction((m) => store.appendInTransaction(m, stream, [triggered(caseId)], 'no_stream'));
      expect(r).toMatchObject({ duplicate: false, streamVersion: 1 });
      await expect(
        ds.transaction((m) => store.appendInTransaction(m, stream, [triggered(caseId)], 'no_stream')),
      ).rejects.toBeInstanceOf(StreamVersionConflict);
      expect(await verifyStream(ds, stream)).toMatchObject({ ok: true, events: 1 });
    });

    it('appendInTransaction refuses to put a stream out of commit order when the caller wrote before locking', async () => {
      const stream = `case-IT-${randomUUID()}`;
      const caseId = stream.slice(5);
      await store.append(stream, [triggered(caseId)], 'no_stream');
      const early = ds.createQueryRunner();
      await early.connect();
      try {
        await early.startTransaction();
        await early.query(`SELECT pg_current_xact_id()`); // takes its id now, before any lock
        await store.append(stream, [triggered(caseId)], 1); // a later transaction appends first
        const err = await store
          .appendInTransaction(early.manager, stream, [triggered(caseId)], 2)
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppendOrderConflict);
        await early.rollbackTransaction();
      } finally {
        await early.release();
      }
      // Locking first keeps the order, and two appends in one transaction are fine.
      await ds.transaction(async (m) => {
        await store.lockStream(m, stream);
        await m.query(`SELECT pg_current_xact_id()`);
        await store.appendInTransaction(m, stream, [triggered(caseId)], 2);
        await store.appendInTransaction(m, stream, [triggered(caseId)], 3);
      });
      const events = await store.readStream(stream);
      expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      const xids = events.map((e) => BigInt(e.transactionId));
      expect(xids).toEqual([...xids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(await verifyStream(ds, stream)).toMatchObject({ ok: true, events: 4 });
    });
  });
});
