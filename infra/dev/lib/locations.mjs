// @ts-check
/**
 * Where a checkout's local data lives.
 *
 * Everything the stack's servers write goes to the checkout's `var/`, except, when running as root,
 * what Postgres writes: Postgres refuses to run as root, so root runs it as the `postgres` system
 * user, and that user often cannot enter the checkout (a home folder of mode 700, a path below a
 * private folder). Its cluster, log and password file then live in a folder of its own,
 * `/var/lib/hilfenetz/<hash of the checkout path>/` (owned by `postgres`, mode 700), with a file
 * `checkout` naming the checkout it belongs to. `stack:reset` removes that folder too.
 * As a normal user Postgres runs as that user and everything stays in `var/`.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Parent of the per-checkout Postgres folders used as root. `HILFENETZ_STATE_ROOT` moves it. */
export const STATE_ROOT = process.env.HILFENETZ_STATE_ROOT ?? '/var/lib/hilfenetz';

/** A short, stable id of a checkout: the first 12 hex digits of SHA-256 of its real path. */
export function checkoutId(root) {
  let real = root;
  try {
    real = fs.realpathSync(root);
  } catch {
    /* a checkout that is gone: its path as given */
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 12);
}

/**
 * The Postgres paths of a checkout. `legacy`: a cluster made before this layout, in var/postgres,
 * which stays where it is (it worked there, and a running one must still be found to stop it).
 * @param {{ ROOT: string, VAR: string, LOG_DIR: string, RUN_DIR: string }} ctx
 */
export function postgresPaths(ctx) {
  const legacyData = path.join(ctx.VAR, 'postgres');
  if (!isRoot() || fs.existsSync(path.join(legacyData, 'PG_VERSION'))) {
    return {
      owned: false,
      base: ctx.VAR,
      dataDir: legacyData,
      logFile: path.join(ctx.LOG_DIR, 'postgres.log'),
      pwFile: path.join(ctx.RUN_DIR, 'pg-pw'),
    };
  }
  const base = path.join(STATE_ROOT, checkoutId(ctx.ROOT));
  return {
    owned: true,
    base,
    dataDir: path.join(base, 'postgres'),
    logFile: path.join(base, 'postgres.log'),
    pwFile: path.join(base, 'pg-pw'),
  };
}

/** Numeric uid and gid of a system user, or null. */
export function userIds(name) {
  const u = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (u.status !== 0 || g.status !== 0) return null;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * As root: creates the checkout's Postgres folder, owned by `postgres`, with a note of which
 * checkout it belongs to. The parent stays root's and world-readable (mode 755), so `postgres` can
 * reach its own folder and nobody else can read a cluster.
 * @param {string} base @param {string} root
 */
export function preparePostgresBase(base, root) {
  fs.mkdirSync(path.dirname(base), { recursive: true, mode: 0o755 });
  fs.mkdirSync(base, { recursive: true, mode: 0o700 });
  const ids = userIds('postgres');
  if (ids) fs.chownSync(base, ids.uid, ids.gid);
  fs.chmodSync(base, 0o700);
  const note = path.join(base, 'checkout');
  fs.writeFileSync(note, `${root}\n`);
}

/** The checkout a per-checkout Postgres folder belongs to (from its note), or null. */
export function checkoutOfStateDir(base) {
  try {
    return fs.readFileSync(path.join(base, 'checkout'), 'utf8').trim() || null;
  } catch {
    return null;
  }
}
