import { execSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '..', '..');

function sh(cmd: string): string {
  try {
    return execSync(cmd, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
}

export interface GitTree {
  commit: string;
  dirty: string;
}

/**
 * The commit and the apps' tree as they were when the apps started: read it before starting them,
 * since others commit to the same working tree while a benchmark runs.
 */
export function gitTree(): GitTree {
  return { commit: sh('git rev-parse HEAD'), dirty: sh('git status --porcelain -- apps libs workflows') };
}

function pkg(name: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${name}/package.json`) as { version: string }).version;
}

/**
 * What a benchmark of the whole system (API, worker, projector as processes) ran on: commit,
 * servers and their versions, the machine and its load, for the results files.
 */
export async function describeSystemRun(
  databaseUrl: string,
  loadStart: number[],
  loadEnd: number[],
  tree: GitTree,
): Promise<Record<string, string>> {
  const c = new Client({ connectionString: databaseUrl, application_name: 'hilfenetz-bench-describe' });
  await c.connect();
  const { rows } = await c.query<{ v: string; fsync: string; sc: string }>(
    `SELECT current_setting('server_version') AS v, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc`,
  );
  await c.end();
  const cache = path.join(os.homedir(), '.cache', 'hilfenetz');
  const cached = (prefix: string) => {
    try {
      return readdirSync(cache).find((d) => d.startsWith(prefix)) ?? '?';
    } catch {
      return '?';
    }
  };
  const dirty = tree.dirty;
  return {
    commit: tree.commit,
    'working tree (apps, libs, workflows)': dirty
      ? `${dirty.split('\n').length} files changed or new against the commit (shared tree: the apps ran as found)`
      : 'clean',
    node: process.version,
    postgres: `${rows[0]!.v} (fsync ${rows[0]!.fsync}, synchronous_commit ${rows[0]!.sc})`,
    kafka: cached('kafka-'),
    temporal: `${cached('temporal-cli-')} dev server; @temporalio/client ${pkg('@temporalio/client')}`,
    kafkajs: pkg('kafkajs'),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    'load average at start (1/5/15 min)': loadStart.map((x) => x.toFixed(2)).join(' / '),
    'load average at end (1/5/15 min)': loadEnd.map((x) => x.toFixed(2)).join(' / '),
  };
}
