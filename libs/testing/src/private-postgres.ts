import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './app-processes';
import { resetDatabase } from './database';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Debian's newest Postgres server binaries, as the local stack finds them. */
function binDir(): string {
  const fromEnv = process.env.HILFENETZ_PG_BINDIR;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  const found = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(path.join(base, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!found) throw new Error('no Postgres server binaries (apt-get install postgresql, or set HILFENETZ_PG_BINDIR)');
  return path.join(base, found, 'bin');
}

/**
 * A Postgres cluster of the test's own (same Debian binaries as the stack, trust auth on
 * 127.0.0.1, a free port), migrated like production with the apps' role, so a fault test can
 * restart it without disturbing anyone else's database.
 */
export class PrivatePostgres {
  private readonly bin = binDir();
  readonly dir = mkdtempSync(path.join(tmpdir(), 'hilfenetz-pg-'));

  private constructor(readonly port: number) {}

  static async create(): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(await freePort());
    pg.initdb();
    pg.start();
    await pg.provision();
    return pg;
  }

  /** The URL the apps use (role hilfenetz_app: no UPDATE/DELETE on events). */
  get appUrl(): string {
    return `postgres://hilfenetz_app@127.0.0.1:${this.port}/hilfenetz`;
  }

  /** A new, empty database owned by the schema owner; its URL as the owner (for restore tests). */
  async createEmptyDatabase(name: string): Promise<string> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unexpected database name ${name}`);
    const admin = new Client({ connectionString: this.url('postgres', 'postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} OWNER hilfenetz`);
    } finally {
      await admin.end();
    }
    return this.url('hilfenetz', name);
  }

  private url(user: string, db = 'hilfenetz'): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${db}`;
  }

  /** Postgres refuses to run as root: as root its tools run as the `postgres` system user. */
  private tool(name: string, args: string[]): SpawnSyncReturns<string> {
    const cmd = path.join(this.bin, name);
    const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    return spawnSync(file, argv, { encoding: 'utf8' });
  }

  private initdb(): void {
    if (isRoot()) {
      const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      chownSync(this.dir, Number(pw.stdout.trim()), Number(gid.stdout.trim()));
    }
    const r = this.tool('initdb', ['-D', path.join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    if (r.status !== 0) throw new Error(`initdb failed: ${r.stdout}${r.stderr}`);
  }

  start(): void {
    const opts = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      "-c unix_socket_directories=''",
      '-c max_connections=60',
      '-c fsync=on',
    ].join(' ');
    const r = this.tool('pg_ctl', [
      'start',
      '-D',
      path.join(this.dir, 'data'),
      '-l',
      path.join(this.dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      '-o',
      opts,
    ]);
    if (r.status !== 0) throw new Error(`private postgres did not start: ${r.stdout}${r.stderr}`);
  }

  /** A fast shutdown, as an operator's restart does: every connection is cut, data stays. */
  stop(): void {
    this.tool('pg_ctl', ['stop', '-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '60']);
  }

  destroy(): void {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async provision(): Promise<void> {
    const admin = new Client({ connectionString: this.url('postgres', 'postgres') });
    await admin.connect();
    try {
      await admin.query('CREATE ROLE hilfenetz LOGIN');
      await admin.query('CREATE ROLE hilfenetz_app LOGIN');
      await admin.query('CREATE DATABASE hilfenetz OWNER hilfenetz');
    } finally {
      await admin.end();
    }
    // As the schema owner, like `npm run migrate`: the grants migration restricts the apps' role.
    await resetDatabase(this.url('hilfenetz'));
  }
}
