// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Schemathesis (PyPI `schemathesis`), the OpenAPI fuzzer of tests/fuzz. Bump here; the cache is keyed by it. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** The download cache every clone shares (as infra/dev/hilfenetz-dev.mjs computes it). */
export function cacheDir() {
  return (
    process.env.HILFENETZ_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hilfenetz')
  );
}

/**
 * Installs schemathesis into a private virtualenv in the cache (once per version, shared by
 * clones, like the Temporal CLI) and returns the command line that runs it: the venv's python and
 * its `st` script. `SCHEMATHESIS_BIN` names an `st` installed elsewhere instead. Throws (never
 * exits): the fuzz test calls it. The venv is built in a staging folder and renamed into place
 * when complete, so two test runs installing at once, or one killed halfway, never leave a
 * half-installed venv; the script is therefore started through the venv's python, since its
 * first line still names the staging folder.
 * @returns {string[]}
 */
export function schemathesisCommand(cache = cacheDir()) {
  if (process.env.SCHEMATHESIS_BIN) return [process.env.SCHEMATHESIS_BIN];
  const dir = path.join(cache, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const python = path.join(dir, 'venv', 'bin', 'python');
  const st = path.join(dir, 'venv', 'bin', 'st');
  if (fs.existsSync(st)) return [python, st];
  console.log(`[hilfenetz] installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${dir}`);
  const staging = `${dir}.installing-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const venv = spawnSync('python3', ['-m', 'venv', path.join(staging, 'venv')], { encoding: 'utf8' });
    if (venv.status !== 0) {
      throw new Error(`python3 -m venv failed (Debian: apt-get install python3-venv):\n${venv.stderr}`);
    }
    const pip = spawnSync(
      path.join(staging, 'venv', 'bin', 'pip'),
      ['install', '-q', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (pip.status !== 0) throw new Error('pip install schemathesis failed (see above).');
    try {
      fs.renameSync(staging, dir);
    } catch (err) {
      // Another run finished first: use its venv.
      if (!fs.existsSync(st)) throw err;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return [python, st];
}

// `node infra/dev/lib/schemathesis.mjs`: installs when missing, prints the command line as JSON (tests/fuzz uses this).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(schemathesisCommand()));
  } catch (err) {
    console.error(`[hilfenetz] ✗ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
