// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The download cache every clone shares (as infra/dev/hilfenetz-dev.mjs computes it). */
export function cacheDir() {
  return (
    process.env.HILFENETZ_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hilfenetz')
  );
}

/**
 * Installs a Python command-line tool from PyPI into a private virtualenv in the cache (once per
 * version, shared by clones, like the Temporal CLI) and returns the command line that runs it: the
 * venv's python and the tool's script. `overrideEnv` names a variable that points at a tool
 * installed elsewhere instead. Throws (never exits): tests and benchmarks call it.
 *
 * The venv is built in a staging folder and renamed into place when complete, so two runs
 * installing at once, or one killed halfway, never leave a half-installed venv; the script is
 * therefore started through the venv's python, since its first line still names the staging folder.
 * @param {{ pkg: string; version: string; script: string; overrideEnv: string }} tool
 * @returns {string[]}
 */
export function pythonToolCommand(tool, cache = cacheDir()) {
  const override = process.env[tool.overrideEnv];
  if (override) return [override];
  const dir = path.join(cache, `${tool.pkg}-${tool.version}`);
  const python = path.join(dir, 'venv', 'bin', 'python');
  const script = path.join(dir, 'venv', 'bin', tool.script);
  if (fs.existsSync(script)) return [python, script];
  console.error(`[hilfenetz] installing ${tool.pkg} ${tool.version} from PyPI into ${dir}`);
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
      ['install', '-q', '--disable-pip-version-check', `${tool.pkg}==${tool.version}`],
      // stdout stays clean: callers read the command line from it.
      { stdio: ['ignore', 2, 'inherit'] },
    );
    if (pip.status !== 0) throw new Error(`pip install ${tool.pkg} failed (see above).`);
    try {
      fs.renameSync(staging, dir);
    } catch (err) {
      // Another run finished first: use its venv.
      if (!fs.existsSync(script)) throw err;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return [python, script];
}
