import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '@hilfenetz/persistence';
import { verifyEventLog, type EventLogVerification } from '../verify-event-log';

/**
 * What a backup says about itself, written beside the dump as `<dump>.json`. The restore compares
 * the restored database with it, so a dump that lost rows (or was cut short and still loads) is
 * refused even where every remaining hash chain is intact.
 */
export interface BackupManifest {
  format: 'hilfenetz-backup/1';
  createdAt: string;
  database: string;
  pgDumpVersion: string;
  sha256: string;
  bytes: number;
  events: number;
  streams: number;
  /** The highest global position in the log when the dump's snapshot was taken. */
  globalPosition: string;
  /** The latest signed checkpoint inside the dump; null when the log had none. */
  checkpoint: { seq: number; eventCount: string; merkleRoot: string } | null;
}

export class BackupRefused extends Error {}

/** Debian's newest client binaries (the stack's HILFENETZ_PG_BINDIR), else `pg_dump` on PATH. */
export function postgresBinary(name: 'pg_dump' | 'pg_restore'): string {
  const fromEnv = process.env.HILFENETZ_PG_BINDIR;
  if (fromEnv) return path.join(fromEnv, name);
  const base = '/usr/lib/postgresql';
  const newest = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(path.join(base, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  return newest ? path.join(base, newest, 'bin', name) : name;
}

/** The connection URL without its password, for messages. */
export const redactedUrl = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

const databaseOf = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface LogFacts {
  events: number;
  streams: number;
  globalPosition: string;
  checkpoint: BackupManifest['checkpoint'];
}

async function logFacts(db: Client): Promise<LogFacts> {
  const [counts] = (
    await db.query(`SELECT (SELECT count(*)::int FROM events) AS events,
                           (SELECT count(*)::int FROM event_streams) AS streams,
                           (SELECT COALESCE(max(global_position), 0)::text FROM events) AS global_position`)
  ).rows as [{ events: number; streams: number; global_position: string }];
  const [latest] = (
    await db.query(
      `SELECT seq, event_count::text AS event_count, merkle_root FROM signed_checkpoints ORDER BY seq DESC LIMIT 1`,
    )
  ).rows as { seq: number | string; event_count: string; merkle_root: string }[];
  return {
    events: counts.events,
    streams: counts.streams,
    globalPosition: counts.global_position,
    checkpoint: latest
      ? { seq: Number(latest.seq), eventCount: latest.event_count, merkleRoot: latest.merkle_root }
      : null,
  };
}

/**
 * `pg_dump --format=custom` of the whole database (event log, read models, keys, checkpoints) as
 * one consistent snapshot, and its manifest. The facts in the manifest are read inside a
 * REPEATABLE READ transaction whose snapshot the dump shares (`--snapshot`), so they describe
 * exactly what the dump holds even while the apps keep appending.
 *
 * `url` must be able to read every table (the schema owner, DATABASE_MIGRATION_URL). The dump
 * holds personal data only sealed: the subject keys in it are wrapped by the master key, which is
 * not in the database — a backup without the key file is unreadable, and erasure (a destroyed
 * subject key) stays erasure in every later backup.
 */
export async function backupDatabase(opts: { url: string; file: string }): Promise<BackupManifest> {
  if (existsSync(opts.file)) throw new BackupRefused(`${opts.file} exists already: a backup never overwrites one`);
  const db = new Client({ connectionString: opts.url, application_name: 'hilfenetz-backup' });
  await db.connect();
  try {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const [{ snapshot }] = (await db.query('SELECT pg_export_snapshot() AS snapshot')).rows as [{ snapshot: string }];
    const facts = await logFacts(db);
    const dump = await run(postgresBinary('pg_dump'), [
      '--format=custom',
      '--no-owner',
      `--snapshot=${snapshot}`,
      `--file=${opts.file}`,
      `--dbname=${opts.url}`,
    ]);
    if (dump.code !== 0) throw new BackupRefused(`pg_dump failed (${dump.code}): ${dump.stderr.trim()}`);
    await db.query('COMMIT');
    const version = await run(postgresBinary('pg_dump'), ['--version']);
    const manifest: BackupManifest = {
      format: 'hilfenetz-backup/1',
      createdAt: new Date().toISOString(),
      database: databaseOf(opts.url),
      pgDumpVersion: version.stdout.trim(),
      sha256: await sha256Of(opts.file),
      bytes: statSync(opts.file).size,
      ...facts,
    };
    writeFileSync(`${opts.file}.json`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    await db.end();
  }
}

export interface RestoreReport {
  manifest: BackupManifest;
  restored: LogFacts;
  verification: EventLogVerification;
  /** What differs between the manifest and the restored database; empty when they agree. */
  mismatches: string[];
  /** Intact: no finding in the log, nothing differs from the manifest. */
  ok: boolean;
}

/**
 * Restores a dump into `into`, an existing, empty database (the operator creates it, owned by the
 * schema owner, so nothing here needs a superuser), then checks it: the dump against its
 * manifest's checksum before anything is written, and afterwards every hash chain, the signed
 * checkpoints (with `trustedPublicKeys`), holds and keys, and the counts against the manifest.
 * All or nothing: pg_restore runs in one transaction and stops at the first error.
 */
export async function restoreDatabase(opts: {
  file: string;
  into: string;
  trustedPublicKeys?: string;
}): Promise<RestoreReport> {
  const manifestFile = `${opts.file}.json`;
  if (!existsSync(manifestFile))
    throw new BackupRefused(`the manifest ${manifestFile} is missing: the dump cannot be checked`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== 'hilfenetz-backup/1') throw new BackupRefused(`unknown backup format ${manifest.format}`);
  const sha = await sha256Of(opts.file);
  if (sha !== manifest.sha256) {
    throw new BackupRefused(`${opts.file} does not match its manifest (sha256 ${sha}, expected ${manifest.sha256})`);
  }

  const db = new Client({ connectionString: opts.into, application_name: 'hilfenetz-restore' });
  await db.connect();
  try {
    const [{ n }] = (
      await db.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
                       WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`)
    ).rows as [{ n: number }];
    if (n > 0) {
      throw new BackupRefused(
        `${redactedUrl(opts.into)} is not empty (${n} relations): restore only into a new database`,
      );
    }
  } finally {
    await db.end();
  }

  const restore = await run(postgresBinary('pg_restore'), [
    '--no-owner',
    '--exit-on-error',
    '--single-transaction',
    `--dbname=${opts.into}`,
    opts.file,
  ]);
  if (restore.code !== 0) throw new BackupRefused(`pg_restore failed (${restore.code}): ${restore.stderr.trim()}`);

  const check = new Client({ connectionString: opts.into, application_name: 'hilfenetz-restore' });
  await check.connect();
  let restored: LogFacts;
  let xids: { server: string; log: string };
  try {
    restored = await logFacts(check);
    [xids] = (
      await check.query(`SELECT pg_current_xact_id()::text AS server,
                                (SELECT COALESCE(max(transaction_id), '0')::text FROM events) AS log`)
    ).rows as [{ server: string; log: string }];
  } finally {
    await check.end();
  }
  const ds = await createDataSource(opts.into, { poolSize: 2, applicationName: 'hilfenetz-restore' }).initialize();
  let verification: EventLogVerification;
  try {
    verification = await verifyEventLog(ds, { trustedPublicKeys: opts.trustedPublicKeys ?? '' });
  } finally {
    await ds.destroy();
  }
  const mismatches = [
    restored.events !== manifest.events && `events: ${restored.events}, the backup held ${manifest.events}`,
    restored.streams !== manifest.streams && `streams: ${restored.streams}, the backup held ${manifest.streams}`,
    restored.globalPosition !== manifest.globalPosition &&
      `global position: ${restored.globalPosition}, the backup reached ${manifest.globalPosition}`,
    (restored.checkpoint?.seq ?? null) !== (manifest.checkpoint?.seq ?? null) &&
      `latest signed checkpoint: ${restored.checkpoint?.seq ?? 'none'}, the backup held ${manifest.checkpoint?.seq ?? 'none'}`,
    // Readers and the relay order by (transaction_id, global_position): on a server whose
    // transaction ids are behind the restored ones, new events would sort before old ones and be
    // skipped. A new database in the same cluster is ahead; a freshly made cluster is not.
    BigInt(xids.server) <= BigInt(xids.log) &&
      `transaction ids: this server is at ${xids.server}, the restored log at ${xids.log}; new events would sort ` +
        `before restored ones — restore into a cluster that is ahead (pg_resetwal -x on a new cluster before it starts)`,
  ].filter((m): m is string => typeof m === 'string');
  return { manifest, restored, verification, mismatches, ok: verification.findings === 0 && mismatches.length === 0 };
}
