import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { appendBench } from './append.bench';
import {
  BENCH_DATABASE,
  benchEnv,
  benchSizes,
  deleteBenchTopics,
  describeServers,
  ensureBenchDatabase,
  type BenchEnv,
  type BenchSizes,
} from './bench-env';
import { emmettVersions } from './emmett-store';
import { readbackBench } from './readback.bench';
import { rebuildBench } from './rebuild.bench';
import { relayBench } from './relay.bench';
import { formatTable, writeReport, type BenchReport, type ScenarioResult } from './report';

/**
 * `npm run bench [append|relay|rebuild|readback …] [--no-write]`: the event-log benchmarks, each against
 * its baseline in the same run, on the local stack. Sizes come from BENCH_* variables (README).
 */
const SCENARIOS: Record<
  string,
  (env: BenchEnv, sizes: BenchSizes, log: (msg: string) => void) => Promise<ScenarioResult>
> = {
  append: appendBench,
  relay: relayBench,
  rebuild: rebuildBench,
  readback: readbackBench,
};

function log(msg: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

/** The commit, and where the work tree differs from it (other people's edits in a shared tree). */
function git(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3).split('/').slice(0, 2).join('/'));
    if (dirty.length === 0) return head;
    return `${head} + uncommitted changes in ${[...new Set(dirty)].sort().join(', ')}`;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = !args.includes('--no-write');
  const chosen = args.filter((a) => !a.startsWith('--'));
  const unknown = chosen.filter((a) => !SCENARIOS[a]);
  if (unknown.length > 0)
    throw new Error(`unknown scenario(s) ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}`);
  const names = chosen.length > 0 ? chosen : Object.keys(SCENARIOS);

  const env = benchEnv();
  const sizes = benchSizes();
  const startedAt = new Date().toISOString();
  const loadBefore = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  await ensureBenchDatabase(env);
  const servers = await describeServers(env);
  log(`benchmarks ${names.join(', ')}; database ${BENCH_DATABASE}, topic prefix ${env.topicPrefix}`);

  const scenarios: ScenarioResult[] = [];
  try {
    for (const name of names) {
      log(`— ${name}`);
      const load = () => os.loadavg()[0]!.toFixed(2);
      const before = load();
      const result = await SCENARIOS[name]!(env, sizes, log);
      result.notes.push(
        `Load average (1 min) when the scenario started: ${before}, when it ended: ${load()} (2 cores).`,
      );
      scenarios.push(result);
    }
  } finally {
    const deleted = await deleteBenchTopics(env).catch((err: unknown) => {
      console.error(`could not delete the bench topics (prefix ${env.topicPrefix}):`, err);
      return [];
    });
    log(`deleted ${deleted.length} bench topic(s)`);
  }

  const cpus = os.cpus();
  const report: BenchReport = {
    name: 'event-log',
    startedAt,
    finishedAt: new Date().toISOString(),
    git: git(),
    machine: {
      cpus: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
      memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      'load average before (1/5/15 min)': loadBefore,
      'load average after (1/5/15 min)': os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' '),
      ...servers,
      emmett: emmettVersions(),
      note: 'Dev servers (single-node Kafka, local Postgres) shared with other engineers running test suites on the same 2 cores: compare ratios, not absolute figures.',
    },
    sizes: { ...sizes },
    scenarios,
  };
  console.log(`\n${formatTable(report)}\n`);
  if (write) {
    for (const f of await writeReport(report, path.join(__dirname, '..', 'results')))
      log(`wrote ${path.relative(process.cwd(), f)}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
