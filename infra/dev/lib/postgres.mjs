// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fail, log, tailFile } from './util.mjs';
import { isRoot, postgresPaths, preparePostgresBase } from './locations.mjs';
import { postgresBinDir } from './prerequisites.mjs';

const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';
/** Owns the schema and runs migrations. */
const OWNER_USER = 'hilfenetz';
const OWNER_PASSWORD = 'hilfenetz';
/** What the apps connect as: no UPDATE/DELETE on events (see the grants migration). */
const APP_USER = 'hilfenetz_app';
const APP_PASSWORD = 'hilfenetz_app';

/** The server binaries, found before anything starts (checkPrerequisites installs them as root). */
function findBinDir() {
  const dir = postgresBinDir();
  if (!dir) {
    fail(
      'No Postgres server found. Install it (Debian: apt-get install postgresql), set HILFENETZ_PG_BINDIR, or set DATABASE_URL to an existing server.',
    );
  }
  return /** @type {string} */ (dir);
}

/**
 * Postgres refuses to run as root: as root we run its tools as the `postgres` system user, in a
 * folder that user may enter (the checkout may sit in a private home folder).
 */
function asPgUser(cwd, cmd, args, opts = {}) {
  const full = isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return spawnSync(full[0], /** @type {string[]} */ (full[1]), { encoding: 'utf8', cwd, ...opts });
}

/** Whether this checkout's Postgres runs now (its postmaster.pid names a live process). */
export function postgresRunning(ctx) {
  const { dataDir } = postgresPaths(ctx);
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

function psql(ctx, sql, db = 'postgres') {
  return spawnSync(
    'psql',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(ctx.PORTS.postgres),
      '-U',
      SUPERUSER,
      '-d',
      db,
      '-v',
      'ON_ERROR_STOP=1',
      '-tAc',
      sql,
    ],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: SUPERUSER_PASSWORD } },
  );
}

export async function ensurePostgres(ctx, databases) {
  const bin = findBinDir();
  const { owned, base, dataDir, logFile, pwFile } = postgresPaths(ctx);
  const pidFile = path.join(ctx.RUN_DIR, 'postgres.pid');
  if (owned) preparePostgresBase(base, ctx.ROOT);
  else fs.mkdirSync(base, { recursive: true });
  const owner = () => {
    if (isRoot()) spawnSync('chown', ['-R', 'postgres:postgres', dataDir, logFile]);
  };

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising Postgres cluster in ${dataDir}`);
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(logFile, '', { flag: 'a' });
    fs.writeFileSync(pwFile, SUPERUSER_PASSWORD, { mode: 0o600 });
    if (isRoot()) spawnSync('chown', ['postgres', pwFile]);
    owner();
    const r = asPgUser(base, path.join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      SUPERUSER,
      '--auth=scram-sha-256',
      `--pwfile=${pwFile}`,
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    fs.rmSync(pwFile, { force: true });
    if (r.status !== 0) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fail(`initdb failed:\n${r.stdout}\n${r.stderr}`);
    }
  }
  owner();

  let startedNow = false;
  const status = asPgUser(base, path.join(bin, 'pg_ctl'), ['status', '-D', dataDir]);
  if (status.status !== 0) {
    log(`starting Postgres on 127.0.0.1:${ctx.PORTS.postgres}`);
    const opts = [
      `-p ${ctx.PORTS.postgres}`,
      `-c listen_addresses=127.0.0.1`,
      `-c unix_socket_directories=''`,
      `-c max_connections=200`,
      `-c max_prepared_transactions=0`,
    ].join(' ');
    const r = asPgUser(base, path.join(bin, 'pg_ctl'), [
      'start',
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      '-o',
      opts,
    ]);
    if (r.status !== 0)
      fail(`Postgres did not start:\n${r.stdout}${r.stderr}\nLast lines of ${logFile}:\n${tailFile(logFile, 30)}`);
    startedNow = true;
  }
  const pid = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
  fs.writeFileSync(pidFile, String(pid));

  for (const [user, password] of [
    [OWNER_USER, OWNER_PASSWORD],
    [APP_USER, APP_PASSWORD],
  ]) {
    const role = psql(ctx, `SELECT 1 FROM pg_roles WHERE rolname='${user}'`);
    if (role.status !== 0) fail(`cannot connect to Postgres:\n${role.stderr}`);
    if (role.stdout.trim() !== '1') {
      const r = psql(ctx, `CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
      if (r.status !== 0) fail(`creating role ${user} failed: ${r.stderr}`);
    }
  }
  for (const db of databases) {
    const exists = psql(ctx, `SELECT 1 FROM pg_database WHERE datname='${db}'`);
    if (exists.stdout.trim() !== '1') {
      const r = psql(ctx, `CREATE DATABASE ${db} OWNER ${OWNER_USER}`);
      if (r.status !== 0) fail(`creating database ${db} failed: ${r.stderr}`);
    }
  }
  return {
    name: 'postgres',
    startedNow,
    env: {
      DATABASE_URL: `postgres://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${ctx.PORTS.postgres}/hilfenetz`,
      DATABASE_MIGRATION_URL: `postgres://${OWNER_USER}:${OWNER_PASSWORD}@127.0.0.1:${ctx.PORTS.postgres}/hilfenetz`,
      DATABASE_ADMIN_URL: `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${ctx.PORTS.postgres}/hilfenetz`,
    },
  };
}

export async function stopPostgres(ctx) {
  stopPostgresSync(ctx);
}

/** `pg_ctl stop -m fast`, waiting for it (also usable from an exit path). */
export function stopPostgresSync(ctx) {
  const { base, dataDir } = postgresPaths(ctx);
  if (!fs.existsSync(path.join(dataDir, 'postmaster.pid'))) return;
  log('stopping Postgres');
  const bin = findBinDir();
  asPgUser(base, path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']);
  fs.rmSync(path.join(ctx.RUN_DIR, 'postgres.pid'), { force: true });
}

/** Removes this checkout's Postgres folder outside the checkout (as root), if it has one. */
export function removePostgresState(ctx) {
  const { owned, base } = postgresPaths(ctx);
  if (owned && fs.existsSync(base)) {
    fs.rmSync(base, { recursive: true, force: true });
    log(`${base} wiped`);
  }
}
