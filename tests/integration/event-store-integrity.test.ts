import { PostgresEventStore, verifyStream } from '@hilfenetz/event-store';
import { aCaseStream, aCrisisTriggered, openDataSource, testEnv } from '@hilfenetz/testing';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';

/**
 * The log is the legal record: the apps' role cannot change it, and what someone with superuser
 * access changes anyway is found and named by verify.
 */
describe('event store integrity (real Postgres)', () => {
  let app: DataSource;
  let admin: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    const env = testEnv();
    if (!env.adminUrl) throw new Error('DATABASE_ADMIN_URL is needed for the tamper tests (npm test sets it)');
    app = await openDataSource(env.databaseUrl, 4);
    admin = await openDataSource(env.adminUrl, 2);
    store = new PostgresEventStore(app);
  });
  afterAll(async () => {
    await app.destroy();
    await admin.destroy();
  });

  async function streamOf(n: number) {
    const { caseId, streamId } = aCaseStream('TAMPER');
    for (let i = 0; i < n; i++) await store.append(streamId, [aCrisisTriggered(caseId)]);
    return streamId;
  }

  /** Plays an attacker with superuser rights who switches the immutability trigger off first. */
  async function tamper(sql: string, params: unknown[]) {
    await admin.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });
  }

  it("the apps' database role has no UPDATE or DELETE right on events", async () => {
    const stream = await streamOf(1);
    await expect(app.query(`UPDATE events SET type = 'X' WHERE stream_id = $1`, [stream])).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.query(`DELETE FROM events WHERE stream_id = $1`, [stream])).rejects.toThrow(/permission denied/);
    await expect(app.query(`TRUNCATE events`)).rejects.toThrow(/permission denied|append-only/);
    await expect(app.query(`ALTER TABLE events DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
    expect((await verifyStream(app, stream)).ok).toBe(true);
  });

  it('verify names the event whose payload was edited', async () => {
    const stream = await streamOf(4);
    expect(await verifyStream(app, stream)).toEqual({ ok: true, streamId: stream, events: 4 });
    await tamper(
      `UPDATE events SET data = jsonb_set(data, '{dangerKind}', '"others"') WHERE stream_id = $1 AND stream_version = 3`,
      [stream],
    );
    const [third] = await app.query(`SELECT event_id FROM events WHERE stream_id = $1 AND stream_version = 3`, [
      stream,
    ]);
    expect(await verifyStream(app, stream)).toMatchObject({
      ok: false,
      streamVersion: 3,
      eventId: third.event_id,
      reason: 'content_changed',
    });
  });

  it('verify names the place where an event was deleted from the middle', async () => {
    const stream = await streamOf(4);
    await tamper(`DELETE FROM events WHERE stream_id = $1 AND stream_version = 2`, [stream]);
    expect(await verifyStream(app, stream)).toMatchObject({ ok: false, streamVersion: 3, reason: 'version_gap' });
  });

  it('verify notices a deleted last event through the stream head, and reordered events through the chain', async () => {
    const last = await streamOf(3);
    await tamper(`DELETE FROM events WHERE stream_id = $1 AND stream_version = 3`, [last]);
    expect(await verifyStream(app, last)).toMatchObject({ ok: false, streamVersion: 3, reason: 'head_mismatch' });

    const swapped = await streamOf(3);
    await tamper(
      `UPDATE events SET stream_version = CASE stream_version WHEN 1 THEN -1 ELSE stream_version END WHERE stream_id = $1`,
      [swapped],
    );
    await tamper(`UPDATE events SET stream_version = 1 WHERE stream_id = $1 AND stream_version = 2`, [swapped]);
    await tamper(`UPDATE events SET stream_version = 2 WHERE stream_id = $1 AND stream_version = -1`, [swapped]);
    expect(await verifyStream(app, swapped)).toMatchObject({ ok: false, streamVersion: 1, reason: 'chain_broken' });
  });
});

describe('npm run events:verify (the CLI)', () => {
  it('exits 0 for intact streams and 1 naming the broken one', async () => {
    const env = testEnv();
    const app = await openDataSource(env.databaseUrl, 2);
    const admin = await openDataSource(env.adminUrl, 1);
    const store = new PostgresEventStore(app);
    try {
      const good = aCaseStream('CLI');
      const bad = aCaseStream('CLI');
      for (const s of [good, bad])
        await store.append(s.streamId, [aCrisisTriggered(s.caseId), aCrisisTriggered(s.caseId)]);
      const run = (...streams: string[]) =>
        spawnSync(
          process.execPath,
          ['-r', '@swc-node/register', 'libs/event-store/src/verify-streams.cli.ts', ...streams],
          {
            cwd: path.resolve(__dirname, '..', '..'),
            env: { ...process.env, DATABASE_URL: env.databaseUrl },
            encoding: 'utf8',
          },
        );
      const ok = run(good.streamId, bad.streamId);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('2 of 2 streams verified');

      await admin.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(
          `UPDATE events SET metadata = jsonb_set(metadata, '{actorId}', '"u-fremd"') WHERE stream_id = $1 AND stream_version = 2`,
          [bad.streamId],
        );
      });
      const broken = run(good.streamId, bad.streamId);
      expect(broken.status).toBe(1);
      expect(broken.stdout).toMatch(new RegExp(`BROKEN\\s+${bad.streamId}: version 2 .*content_changed`));
      expect(broken.stdout).toContain('1 of 2 streams verified');
    } finally {
      await app.destroy();
      await admin.destroy();
    }
  });
});
