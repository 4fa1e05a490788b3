import {
  BackupRefused,
  backupDatabase,
  parseCheckpointSigningKey,
  PostgresEventStore,
  restoreDatabase,
  type BackupManifest,
  verifyStream,
  writeSignedCheckpoint,
} from '@hilfenetz/event-store';
import {
  aCaseStream,
  aCrisisTriggered,
  ensureDatabase,
  openDataSource,
  PrivatePostgres,
  resetDatabase,
  testEnv,
  withDatabaseSuffix,
} from '@hilfenetz/testing';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Issue 15, "backup and restore of Postgres (event log) with a tested restore": what an operator
 * runs (`npm run db:backup`, `db:restore`) against the real Postgres. A backup taken while the
 * apps append restores into a new database holding exactly what the manifest says, every chain
 * and the signed checkpoint intact, and the apps can go on appending to the restored streams; a
 * damaged dump, a non-empty target, a log tampered before the backup and a cluster whose
 * transaction ids are behind are refused or named.
 */
const SOURCE = 'backup_src';
const dir = mkdtempSync(path.join(tmpdir(), 'hilfenetz-backup-'));
const key = parseCheckpointSigningKey(randomBytes(32).toString('base64'));
let env: ReturnType<typeof testEnv>;
let app: DataSource;
let store: PostgresEventStore;
let sourceOwnerUrl: string;

/** A new, empty database in the stack's cluster, owned by the schema owner; its owner URL. */
async function emptyDatabase(suffix: string): Promise<string> {
  const ownerUrl = withDatabaseSuffix(env.migrationUrl, suffix);
  const name = new URL(ownerUrl).pathname.slice(1);
  const owner = decodeURIComponent(new URL(ownerUrl).username);
  const admin = new Client({ connectionString: env.adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} OWNER ${owner}`);
  } finally {
    await admin.end();
  }
  return ownerUrl;
}

async function countOf(url: string, sql: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return Number(((await c.query(sql)).rows[0] as { n: string | number }).n);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  env = testEnv();
  if (!env.adminUrl) throw new Error('DATABASE_ADMIN_URL is needed to create the restore targets (npm test sets it)');
  await ensureDatabase(SOURCE);
  sourceOwnerUrl = withDatabaseSuffix(env.migrationUrl, SOURCE);
  await resetDatabase(sourceOwnerUrl);
  app = await openDataSource(withDatabaseSuffix(env.databaseUrl, SOURCE), 4);
  store = new PostgresEventStore(app);
  for (const label of ['BKP-A', 'BKP-B', 'BKP-C']) {
    const s = aCaseStream(label);
    for (let i = 0; i < 3; i++) await store.append(s.streamId, [aCrisisTriggered(s.caseId)]);
  }
  await writeSignedCheckpoint(app, key);
});
afterAll(async () => {
  await app?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('a backup and its restore (npm run db:backup / db:restore)', () => {
  let file: string;
  let manifest: BackupManifest;
  let later: ReturnType<typeof aCaseStream>;

  beforeAll(async () => {
    file = path.join(dir, 'hilfenetz.dump');
    manifest = await backupDatabase({ url: sourceOwnerUrl, file });
    // Appended after the snapshot: not in the backup, and the manifest does not count it.
    later = aCaseStream('BKP-LATER');
    await store.append(later.streamId, [aCrisisTriggered(later.caseId)]);
  });

  it('describes what the dump holds: counts, global position, the latest signed checkpoint, a checksum', () => {
    expect(manifest).toMatchObject({ format: 'hilfenetz-backup/1', events: 9, streams: 3 });
    expect(manifest.checkpoint).toMatchObject({ seq: 1, eventCount: '9' });
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(`${file}.json`, 'utf8'))).toEqual(manifest);
  });

  it('restores into a new database intact and as backed up, and the apps append to it where the log ended', async () => {
    const into = await emptyDatabase('backup_restored');
    const report = await restoreDatabase({ file, into, trustedPublicKeys: key.publicKeyBase64 });

    expect(report.mismatches).toEqual([]);
    expect(report.verification.findings).toBe(0);
    expect(report.verification.streams.map((s) => s.ok)).toEqual([true, true, true]);
    expect(report.restored).toMatchObject({ events: 9, streams: 3, checkpoint: { seq: 1 } });
    expect(report.ok).toBe(true);
    // The event appended after the backup is not there.
    expect(await countOf(into, `SELECT count(*) AS n FROM events WHERE stream_id = '${later.streamId}'`)).toBe(0);

    // The apps' role keeps its grants in the restored database and continues a restored chain.
    const restoredApp = await openDataSource(withDatabaseSuffix(env.databaseUrl, 'backup_restored'), 2);
    try {
      const [{ stream_id: streamId }] = (await restoredApp.query(
        `SELECT stream_id FROM event_streams ORDER BY stream_id LIMIT 1`,
      )) as [{ stream_id: string }];
      const caseId = streamId.replace(/^case-/, '');
      await new PostgresEventStore(restoredApp).append(streamId, [aCrisisTriggered(caseId)]);
      expect(await verifyStream(restoredApp, streamId)).toMatchObject({ ok: true, events: 4 });
      await expect(restoredApp.query(`DELETE FROM events`)).rejects.toThrow();
    } finally {
      await restoredApp.destroy();
    }
  });

  it('refuses a dump that does not match its manifest before writing anything', async () => {
    const damaged = path.join(dir, 'damaged.dump');
    copyFileSync(file, damaged);
    copyFileSync(`${file}.json`, `${damaged}.json`);
    const bytes = readFileSync(damaged);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    writeFileSync(damaged, bytes);
    const into = await emptyDatabase('backup_damaged');

    const refused = await restoreDatabase({ file: damaged, into }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackupRefused);
    expect(String(refused)).toContain('does not match its manifest');
    expect(await countOf(into, `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).toBe(0);
  });

  it('refuses a dump without its manifest, and a target that is not empty', async () => {
    const alone = path.join(dir, 'alone.dump');
    copyFileSync(file, alone);
    await expect(restoreDatabase({ file: alone, into: sourceOwnerUrl })).rejects.toThrow(/manifest.*missing/);
    await expect(restoreDatabase({ file, into: sourceOwnerUrl })).rejects.toThrow(/is not empty/);
  });

  it('never overwrites an earlier backup', async () => {
    await expect(backupDatabase({ url: sourceOwnerUrl, file })).rejects.toThrow(/exists already/);
  });

  it('names a cluster whose transaction ids are behind the restored log (a freshly made cluster)', async () => {
    const fresh = await PrivatePostgres.create();
    try {
      const into = await fresh.createEmptyDatabase('restored');
      const report = await restoreDatabase({ file, into, trustedPublicKeys: key.publicKeyBase64 });
      expect(report.verification.findings).toBe(0);
      expect(report.mismatches).toEqual([expect.stringMatching(/^transaction ids: this server is at \d+/)]);
      expect(report.ok).toBe(false);
    } finally {
      fresh.destroy();
    }
  });
});

describe('a backup of a log that was tampered with before it was taken', () => {
  it('restores, and the restore names the stream that lost its tail below the signed checkpoint', async () => {
    const admin = await openDataSource(withDatabaseSuffix(env.adminUrl, SOURCE), 1);
    try {
      const [{ stream_id: victim }] = (await admin.query(
        `SELECT stream_id FROM event_streams ORDER BY stream_id LIMIT 1`,
      )) as [{ stream_id: string }];
      // A superuser drops the stream's last event and rewinds its head, as an attacker would.
      await admin.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(`DELETE FROM events WHERE stream_id = $1 AND stream_version = 3`, [victim]);
        await m.query(
          `UPDATE event_streams SET version = 2,
                  last_hash = (SELECT hash FROM events WHERE stream_id = $1 AND stream_version = 2)
            WHERE stream_id = $1`,
          [victim],
        );
      });
      const file = path.join(dir, 'tampered.dump');
      await backupDatabase({ url: sourceOwnerUrl, file });
      const into = await emptyDatabase('backup_tampered');

      const report = await restoreDatabase({ file, into, trustedPublicKeys: key.publicKeyBase64 });
      expect(report.ok).toBe(false);
      const checkpoint = report.verification.checkpoint;
      expect(checkpoint).not.toBeNull();
      expect(checkpoint).not.toBe('keys-missing');
      if (checkpoint === null || checkpoint === 'keys-missing') return;
      expect(checkpoint.findings.map((f) => f.streamId)).toContain(victim);
    } finally {
      await admin.destroy();
    }
  });
});
