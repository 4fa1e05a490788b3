// @ts-check
import fs from 'node:fs';
import net from 'node:net';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function log(msg) {
  console.log(`[hilfenetz] ${msg}`);
}

/** @type {Array<() => void>} */
const cleanups = [];

/**
 * Registers a synchronous clean-up that runs when the command fails or is interrupted before it is
 * done (stops what it started, so no stack is left half-started). Returns a function removing it.
 */
export function onAbort(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs the registered clean-ups once, newest first. */
export function runAbortCleanups() {
  while (cleanups.length) {
    const fn = /** @type {() => void} */ (cleanups.pop());
    try {
      fn();
    } catch (err) {
      console.error(`[hilfenetz] clean-up failed: ${err}`);
    }
  }
}

/**
 * Prints the reason, stops what this command started, and exits: the stack never hangs on a missing piece.
 * @param {string} msg @returns {never}
 */
export function fail(msg) {
  console.error(`\n[hilfenetz] ✗ ${msg}\n`);
  runAbortCleanups();
  process.exit(1);
}

export function tailFile(file, lines) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/** Minimal .env loader: KEY=VALUE lines, no interpolation. Real environment variables win. */
export function loadDotEnv(file) {
  if (!fs.existsSync(file)) return;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line
      .slice(eq + 1)
      .trim()
      .replace(/^["']|["']$/g, '');
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

export function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Polls `check` until it returns true. On timeout, or when the watched process died, fails with the
 * last lines of the service's log.
 * @param {{ name: string, check: () => Promise<boolean>, logFile: string, timeoutMs: number, alive?: () => boolean }} o
 */
export async function waitUntil(o) {
  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline) {
    if (await o.check()) return;
    if (o.alive && !o.alive()) {
      fail(`${o.name} exited during start. Last lines of ${o.logFile}:\n${tailFile(o.logFile, 40)}`);
    }
    await sleep(300);
  }
  fail(
    `${o.name} did not become healthy within ${o.timeoutMs / 1000}s. Last lines of ${o.logFile}:\n${tailFile(o.logFile, 40)}`,
  );
}
