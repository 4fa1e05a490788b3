// @ts-check
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { log, sleep } from './util.mjs';

export function readPid(file) {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a long-running server detached from this process (so `stack:up` can leave it running),
 * with its output appended to its log file and its pid in var/run.
 */
export function spawnDetached(cmd, args, { cwd, env, logFile, pidFile }) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
  child.unref();
  fs.writeFileSync(pidFile, String(child.pid));
  return child;
}

/** SIGTERM, wait up to 20 s, then SIGKILL. Signals the process group the server leads. */
export async function stopPidFile(pidFile, name) {
  const pid = readPid(pidFile);
  if (!pid || !isAlive(pid)) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log(`stopping ${name} (pid ${pid})`);
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 20_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) signal('SIGKILL');
  fs.rmSync(pidFile, { force: true });
}
